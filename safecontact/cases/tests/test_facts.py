"""Decide with the facts in view (issue 14): the triage, decision, proposal and approval pages show the same facts
(incident summary, exact words, evidence links, reasonable adjustments, warning history) from one selector; a viewer
who may not open the report gets no evidence links; showing the facts is audited."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.cases.facts import decision_facts_for
from safecontact.incidents import services as incidents
from safecontact.incidents.models import Incident, Triage
from safecontact.incidents.tests.factories import draft_incident
from safecontact.people.models import ReasonableAdjustment
from safecontact.register.tests import builders as b

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
EXACT = "I know where you live."


@pytest.fixture
def staff(user_with_role):
    return user_with_role(Role.STAFF)


@pytest.fixture
def person(council, user_with_role, staff):
    """A customer with an agreed adjustment and an informal warning on an earlier report."""
    someone = b.person(council)
    ReasonableAdjustment.objects.create(person=someone, description="Letters in large print", status="agreed")
    earlier = b.incident(council, staff, someone)
    Triage.objects.create(council=council, incident=earlier, manager=user_with_role(Role.MANAGER), outcome="informal_warning",
                          reasons="Shouting", warning_given_on=date(2026, 10, 1), warning_what_was_said="Asked to stop shouting")
    return someone


@pytest.fixture
def reported(council, staff, person):
    """A submitted report about the person, with the exact words and a photograph as evidence."""
    incident = draft_incident(reporter=staff, council=council, exact_words=EXACT)
    attachment = incidents.attachment_add(actor=staff, council=council, incident=incident,
                                          upload=SimpleUploadedFile("photo.png", PNG, content_type="image/png"))
    incident = incidents.incident_submit(actor=staff, council=council, incident=incident)
    Incident.objects.filter(pk=incident.pk).update(person=person)
    incident.refresh_from_db()
    return incident, attachment


def _assert_facts_shown(page: str, attachment) -> None:
    assert "The facts you are deciding on" in page
    assert "The customer shouted at the counter" in page  # the summary of what happened
    assert EXACT in page
    assert reverse("incidents:attachment_download", args=[attachment.pk]) in page
    assert "Letters in large print" in page
    assert "Asked to stop shouting" in page and "Informal warning" in page


def test_the_triage_page_shows_the_facts(council, user_with_role, client_for, reported):
    incident, attachment = reported
    manager = user_with_role(Role.REGISTER_MANAGER)
    page = client_for(manager).get(reverse("incidents:triage", args=[incident.pk])).content.decode()
    _assert_facts_shown(page, attachment)
    assert AuditEvent.objects.filter(actor_id=str(manager.pk), event_type="access.viewed", subject_id=str(incident.person_id)).exists()


def test_the_decision_form_shows_the_facts(council, user_with_role, client_for, reported):
    incident, attachment = reported
    decider = user_with_role(Role.DECISION_MAKER)
    case = b.decision_for(council, incident, decider).case
    page = client_for(decider).get(reverse("cases:decision_create", args=[case.pk])).content.decode()
    _assert_facts_shown(page, attachment)
    assert AuditEvent.objects.filter(actor_id=str(decider.pk), event_type="access.viewed", subject_id=str(incident.pk)).exists()


def test_the_proposal_page_shows_the_facts(council, user_with_role, client_for, reported):
    incident, attachment = reported
    officer = user_with_role(Role.REGISTER_OFFICER)
    decision = b.decision_for(council, incident, user_with_role(Role.DECISION_MAKER), outcome="propose_both")
    for name in ("register:propose_marker", "register:propose_restriction"):
        page = client_for(officer).get(reverse(name) + f"?decision={decision.pk}").content.decode()
        _assert_facts_shown(page, attachment)


def test_the_approval_page_shows_the_facts_and_links_the_incident(council, user_with_role, client_for, reported, person):
    incident, attachment = reported
    officer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    measure = b.propose(actor=officer, council=council, originating_incident=incident, person=person, reasons="Threats",
                        marker=b.marker_details())
    page = client_for(approver).get(reverse("register:measure_detail", args=[measure.pk])).content.decode()
    _assert_facts_shown(page, attachment)
    assert f'href="{reverse("incidents:incident_detail", args=[incident.pk])}"' in page


def test_a_viewer_who_may_not_open_the_report_gets_no_links(council, user_with_role, client_for, reported, person):
    incident, attachment = reported
    officer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    measure = b.propose(actor=officer, council=council, originating_incident=incident, person=person, reasons="Threats",
                        marker=b.marker_details())
    b.services.measure_approve(actor=approver, measure=measure)
    for role in (Role.GOVERNANCE_MEMBER, Role.HS_ADVISER, Role.APPEALS_OFFICER):
        viewer = user_with_role(role)
        facts = decision_facts_for(user=viewer, council=council, incident=incident)
        assert not facts.incidents[0].can_open and facts.incidents[0].evidence_withheld
        page = client_for(viewer).get(reverse("register:measure_detail", args=[measure.pk])).content.decode()
        assert incident.reference in page
        assert reverse("incidents:incident_detail", args=[incident.pk]) not in page
        assert reverse("incidents:attachment_download", args=[attachment.pk]) not in page


def test_the_warning_history_counts_formal_warnings_on_the_persons_cases(council, user_with_role, reported, person):
    incident, _ = reported
    decider = user_with_role(Role.DECISION_MAKER)
    b.decision_for(council, incident, decider, outcome="formal_warning")
    facts = decision_facts_for(user=decider, council=council, incident=incident)
    assert [w.kind for w in facts.warnings] == ["Formal warning", "Informal warning"]
    assert all(w.status.is_current for w in facts.warnings[:1])
