"""Every ending clears everywhere (issue 11): a Governance Group removal, an appeal overturned and an interim
marker's lapse each open the entry's checklist of places to clear (one line per external system, one per partner
the entry was shared with), once; the lapse is the daily run's, and checks leave a lapsed marker out even before it."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals import services as appeals
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.governance import services
from safecontact.governance.models import AgendaItem, ChecklistTask
from safecontact.governance.selectors import external_systems_for
from safecontact.letters import services as letters
from safecontact.letters.models import Event, Letter
from safecontact.letters.tests.factories import live_restriction
from safecontact.people.models import PersonAddress
from safecontact.register.models import Measure
from safecontact.register.services import Distribution
from safecontact.register.services_interim import measure_interim_approve, measure_interim_confirm
from safecontact.register.tests import builders as b
from safecontact.shell import jobs

from .conftest import recommend_removal


@pytest.fixture
def partner(user_with_role):
    return user_with_role(Role.PARTNER).organisation


def expected_labels(council, *partners):
    return sorted([*external_systems_for(council=council).values_list("label", flat=True), *(f"Copy held by {p.name}" for p in partners)])


def labels(measure):
    return sorted(ChecklistTask.objects.filter(measure=measure).values_list("label", flat=True))


def told(measure, officer):
    """The customer is told about the entry: a letter about it is issued (posted)."""
    PersonAddress.objects.filter(person=measure.person).update(is_correspondence=True, verified_on=date(2026, 1, 5))
    event = Event.SAFETY_MARKER if measure.kind == Measure.Kind.SAFETY_MARKER else Event.CONTACT_RESTRICTION
    letter = letters.letter_prepare(actor=officer, council=measure.council, event=event, person=measure.person, measure=measure)
    return letters.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)


# --- Appeal overturned -------------------------------------------------------------------------------------------

def test_an_entry_overturned_on_appeal_opens_its_checklist(council, user_with_role, partner):
    measure, officer, _, _ = live_restriction(council, user_with_role)
    measure.shared_with.add(partner)
    letter = told(measure, officer)
    appeal = appeals.appeal_record(actor=officer, council=council, measure=measure, letter=letter, received_on=timezone.localdate(),
                                   channel="letter", grounds=["disproportionate"])
    hearing = user_with_role(Role.APPEALS_OFFICER)
    appeal = appeals.appeal_assign(actor=user_with_role(Role.REGISTER_MANAGER), appeal=appeal, officer=hearing)

    appeals.appeal_decide(actor=hearing, appeal=appeal, outcome="overturned", reasons="Identity not established.")

    measure.refresh_from_db()
    assert measure.ended_reason == Measure.EndedReason.OVERTURNED
    assert labels(measure) == expected_labels(council, partner)
    assert not ChecklistTask.objects.filter(measure=measure, item__isnull=False).exists()
    opened = AuditEvent.objects.get(event_type="governance.clearance_opened", subject_id=str(measure.pk))
    assert opened.actor_id == hearing.pk and opened.data["ended_reason"] == "overturned"
    assert opened.data["tasks"] == len(expected_labels(council, partner))
    # The appeal outcome letter tells the customer: no removal letter besides it.
    assert not Letter.objects.filter(measure=measure, event=Event.REMOVAL).exists()


def test_an_appeal_not_upheld_opens_nothing(council, user_with_role):
    measure, officer, _, _ = live_restriction(council, user_with_role)
    letter = told(measure, officer)
    appeal = appeals.appeal_record(actor=officer, council=council, measure=measure, letter=letter, received_on=timezone.localdate(),
                                   channel="letter", grounds=["disproportionate"])
    hearing = user_with_role(Role.APPEALS_OFFICER)
    appeal = appeals.appeal_assign(actor=user_with_role(Role.REGISTER_MANAGER), appeal=appeal, officer=hearing)
    appeals.appeal_decide(actor=hearing, appeal=appeal, outcome="not_upheld", reasons="Threats were repeated.")
    assert not ChecklistTask.objects.filter(measure=measure).exists()


# --- Governance Group removal --------------------------------------------------------------------------------------

def test_a_governance_removal_still_opens_the_checklist_on_the_entry(council, user_with_role, officer, member, meeting, marker, partner):
    marker.shared_with.add(partner)
    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    item = AgendaItem.objects.get(meeting=meeting, measure=marker)

    services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="Behaviour has improved for a year.")

    assert labels(marker) == expected_labels(council, partner)
    assert set(marker.clearance_tasks.values_list("item", flat=True)) == {item.pk}
    assert AuditEvent.objects.get(event_type="governance.clearance_opened", subject_id=str(marker.pk)).actor_id == member.pk


def test_a_checklist_is_opened_once(council, user_with_role, officer, member, meeting, marker, partner):
    marker.shared_with.add(partner)
    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    services.agenda_item_decide(actor=member, item=AgendaItem.objects.get(meeting=meeting, measure=marker), decision="remove",
                                reasons="No longer needed.")
    before = labels(marker)

    assert services.clearance_open(actor=None, measure=marker, why="Asked again") == []

    assert labels(marker) == before
    assert AuditEvent.objects.filter(event_type="governance.clearance_opened", subject_id=str(marker.pk)).count() == 1


def test_a_live_entry_has_no_checklist(marker):
    with pytest.raises(ApplicationError, match="Only an ended entry"):
        services.clearance_open(actor=None, measure=marker, why="Too early")
    assert not ChecklistTask.objects.filter(measure=marker).exists()


# --- The interim marker's lapse ------------------------------------------------------------------------------------

def interim_marker(council, user_with_role, subject=None, shared_with=()):
    reporter = user_with_role(Role.STAFF)
    approver = user_with_role(Role.DECISION_MAKER)
    subject = subject or b.person(council, at=b.address(council))
    incident = b.incident(council, reporter, subject)
    measure = measure_interim_approve(actor=approver, council=council, incident=incident, reason="Threatened to come back with a knife.",
                                      marker=b.marker_details(), distribution=Distribution(shared_with=list(shared_with)))
    return measure, approver


def test_the_daily_run_lapses_an_unconfirmed_interim_marker_and_opens_its_checklist(council, user_with_role, partner):
    measure, _ = interim_marker(council, user_with_role, shared_with=[partner])
    after = measure.interim_until + timedelta(days=1)

    assert services.interim_lapse_daily(today=measure.interim_until) == {"lapsed": 0, "removal_letters": 0, "errors": 0}
    counts = services.interim_lapse_daily(today=after)

    assert counts == {"lapsed": 1, "removal_letters": 0, "errors": 0}
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ENDED and measure.ended_reason == Measure.EndedReason.LAPSED
    assert labels(measure) == expected_labels(council, partner)
    opened = AuditEvent.objects.get(event_type="governance.clearance_opened", subject_id=str(measure.pk))
    assert opened.actor_id is None and opened.data["ended_reason"] == "lapsed"
    # Never told about it: telling them now would disclose it.
    assert not Letter.objects.filter(measure=measure, event=Event.REMOVAL).exists()

    assert services.interim_lapse_daily(today=after) == {"lapsed": 0, "removal_letters": 0, "errors": 0}
    assert labels(measure) == expected_labels(council, partner)
    assert AuditEvent.objects.filter(event_type="measure.ended", subject_id=str(measure.pk)).count() == 1


def test_the_lapse_prepares_the_removal_letter_when_the_customer_was_told(council, user_with_role):
    measure, _ = interim_marker(council, user_with_role)
    told(measure, user_with_role(Role.REGISTER_OFFICER))

    counts = services.interim_lapse_daily(today=measure.interim_until + timedelta(days=1))

    assert counts["lapsed"] == 1 and counts["removal_letters"] == 1
    letter = Letter.objects.get(measure=measure, event=Event.REMOVAL)
    assert letter.status == Letter.Status.DRAFT and letter.person == measure.person and letter.extra["outcome"] == "lapsed"
    assert letter.prepared_by is None


def test_no_removal_letter_after_a_decision_not_to_tell(council, user_with_role):
    measure, _ = interim_marker(council, user_with_role)
    told(measure, user_with_role(Role.REGISTER_OFFICER))
    Measure.objects.filter(pk=measure.pk).update(notify_decision=Measure.Notify.WITHHELD)
    assert services.interim_lapse_daily(today=measure.interim_until + timedelta(days=1))["removal_letters"] == 0
    assert not Letter.objects.filter(measure=measure, event=Event.REMOVAL).exists()


def test_a_confirmed_interim_marker_does_not_lapse(council, user_with_role):
    measure, approver = interim_marker(council, user_with_role)
    decision = b.decision_for(council, measure.originating_incident, approver, outcome="propose_marker")
    measure_interim_confirm(actor=user_with_role(Role.DECISION_MAKER), measure=measure, decision=decision)

    counts = services.interim_lapse_daily(today=timezone.localdate() + timedelta(days=60))

    assert counts["lapsed"] == 0
    measure.refresh_from_db()
    assert measure.is_live and measure.status == Measure.Status.ACTIVE
    assert not ChecklistTask.objects.filter(measure=measure).exists()


def test_one_failing_marker_does_not_stop_the_others(council, user_with_role, monkeypatch):
    first, _ = interim_marker(council, user_with_role)
    second, _ = interim_marker(council, user_with_role, subject=b.person(council, given="Ann", family="Other", dob=date(1980, 1, 1)))
    real = services.clearance_open

    def flaky(*, measure, **kwargs):  # type: ignore[no-untyped-def]
        if measure.pk == first.pk:
            raise RuntimeError("partner list unavailable")
        return real(measure=measure, **kwargs)

    monkeypatch.setattr(services, "clearance_open", flaky)
    counts = services.interim_lapse_daily(today=timezone.localdate() + timedelta(days=60))

    assert counts == {"lapsed": 1, "removal_letters": 0, "errors": 1}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Measure.Status.ACTIVE  # rolled back whole: the next run tries again
    assert second.status == Measure.Status.ENDED and second.ended_reason == Measure.EndedReason.LAPSED


def test_the_lapse_is_a_step_of_the_daily_run(council, user_with_role):
    measure, _ = interim_marker(council, user_with_role)
    assert ("interim_lapse", "safecontact.governance.services.interim_lapse_daily") in jobs.daily_steps()
    run = jobs.run_daily(today=measure.interim_until + timedelta(days=1))
    assert run.counts["interim_lapse.lapsed"] == 1
    assert not any(error.startswith("interim_lapse") for error in run.errors)
    measure.refresh_from_db()
    assert measure.ended_reason == Measure.EndedReason.LAPSED


def test_checks_leave_out_a_lapsed_interim_marker_before_the_daily_run(council, user_with_role):
    subject = b.person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=b.address(council))
    measure, _ = interim_marker(council, user_with_role, subject=subject)
    staff = user_with_role(Role.STAFF)
    query = CheckQuery(purpose="home_visit", name="William Harrington", date_of_birth=date(1971, 3, 14))
    assert check_run(actor=staff, council=council, query=query).outcome == Check.Outcome.PRECAUTIONS_APPLY

    with time_machine.travel(timezone.now() + timedelta(days=(measure.interim_until - timezone.localdate()).days + 1), tick=False):
        assert check_run(actor=staff, council=council, query=query).outcome == Check.Outcome.NO_ENTRY
        measure.refresh_from_db()
        assert measure.status == Measure.Status.ACTIVE and not measure.is_live  # the daily run has not recorded it yet
