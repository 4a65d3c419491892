import re

import pytest
from django.core import mail

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.cases import services
from safecontact.cases.models import Case, Decision
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.incidents.services import incident_create_person_and_link
from safecontact.incidents.services_triage import incident_triage
from safecontact.incidents.tests.factories import submitted_incident
from safecontact.notifications.tests.helpers import forget_staff_emails_so_far


@pytest.fixture
def referred(user_with_role, council):
    manager = user_with_role(Role.MANAGER)
    staff = user_with_role(Role.STAFF, line_manager=manager)
    incident = submitted_incident(reporter=staff, council=council)
    incident_triage(actor=manager, council=council, incident=incident, outcome="refer", reasons="Repeated threats",
                    complaint_handled_properly=True, communication_adequate=True, new_information=False,
                    possible_disability_or_need=False)
    incident_create_person_and_link(actor=user_with_role(Role.REGISTER_OFFICER), council=council, incident=incident)
    incident.refresh_from_db()
    return incident


def decision_answers(**overrides):
    base = {"outcome": "formal_warning", "reasons": "Threats on 3 March", "policy_clause": "5.2", "proportionality": "Informal warning ignored",
            "equality_screen": "No need identified", "access_to_services": "Written contact via the housing inbox",
            "known_to_social_care": "no", "warning_given_first": True, "warning_examples": "3/3/2026: threatened officer",
            "warning_expected_change": "No threats or abuse"}
    base.update(overrides)
    return base


def test_case_opened_from_a_referral_with_a_reference_and_audit(referred, user_with_role, council):
    case = services.case_open_for_incident(actor=user_with_role(Role.DECISION_MAKER), council=council, incident=referred)
    assert re.fullmatch(r"CASE-\d{4}-000001", case.reference) and case.person == referred.person
    assert AuditEvent.objects.filter(event_type="case.opened", subject_id=str(case.pk)).exists()
    again = services.case_open_for_incident(actor=user_with_role(Role.DECISION_MAKER), council=council, incident=referred)
    assert again == case and Case.objects.count() == 1


def test_case_needs_a_linked_person(user_with_role, council):
    incident = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    Incident.objects.filter(pk=incident.pk).update(status="referred")
    incident.refresh_from_db()
    with pytest.raises(ApplicationError, match="Link the report"):
        services.case_open_for_incident(actor=user_with_role(Role.DECISION_MAKER), council=council, incident=incident)


def test_formal_warning_decision_tells_the_reporter(referred, user_with_role, council, django_capture_on_commit_callbacks):
    decider = user_with_role(Role.DECISION_MAKER)
    case = services.case_open_for_incident(actor=decider, council=council, incident=referred)
    forget_staff_emails_so_far()  # the report's and the triage's emails
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_record(actor=decider, council=council, case=case, **decision_answers())
    referred.refresh_from_db()
    assert referred.status == Incident.Status.DECIDED and decision.outcome == Decision.Outcome.FORMAL_WARNING
    assert AuditEvent.objects.filter(event_type="decision.recorded", subject_id=str(decision.pk)).exists()
    assert mail.outbox[0].to == [referred.reporter.email]
    case.person.refresh_from_db()
    assert case.person.known_to_social_care == "no"


@pytest.mark.parametrize("missing", ["reasons", "policy_clause", "proportionality", "equality_screen", "access_to_services"])
def test_decision_is_refused_without_its_required_reasoning(referred, user_with_role, council, missing):
    decider = user_with_role(Role.DECISION_MAKER)
    case = services.case_open_for_incident(actor=decider, council=council, incident=referred)
    with pytest.raises(ApplicationError) as error:
        services.decision_record(actor=decider, council=council, case=case, **decision_answers(**{missing: "  "}))
    assert error.value.field == missing


def test_restriction_without_a_warning_needs_the_serious_threat_route(referred, user_with_role, council):
    decider = user_with_role(Role.DECISION_MAKER)
    case = services.case_open_for_incident(actor=decider, council=council, incident=referred)
    with pytest.raises(ApplicationError) as error:
        services.decision_record(actor=decider, council=council, case=case,
                                 **decision_answers(outcome="propose_restriction", warning_given_first=False))
    assert error.value.field == "warning_given_first"
    with pytest.raises(ApplicationError) as error:
        services.decision_record(actor=decider, council=council, case=case, **decision_answers(
            outcome="propose_restriction", warning_given_first=False, serious_threat_route=True))
    assert error.value.field == "serious_threat_reason"
    decision = services.decision_record(actor=decider, council=council, case=case, **decision_answers(
        outcome="propose_both", warning_given_first=False, serious_threat_route=True, serious_threat_reason="Threat with a knife"))
    assert decision.serious_threat_route


def test_decision_needs_the_social_care_check(referred, user_with_role, council):
    decider = user_with_role(Role.DECISION_MAKER)
    case = services.case_open_for_incident(actor=decider, council=council, incident=referred)
    with pytest.raises(ApplicationError) as error:
        services.decision_record(actor=decider, council=council, case=case, **decision_answers(known_to_social_care="not_checked"))
    assert error.value.field == "known_to_social_care"


def test_decision_maker_cannot_decide_about_an_incident_they_reported(user_with_role, council):
    decider = user_with_role(Role.DECISION_MAKER)
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    incident = submitted_incident(reporter=decider, council=council)
    incident_triage(actor=register_manager, council=council, incident=incident, outcome="refer", reasons="Threats",
                    complaint_handled_properly=True, communication_adequate=True, new_information=False,
                    possible_disability_or_need=False)
    incident_create_person_and_link(actor=register_manager, council=council, incident=incident)
    incident.refresh_from_db()
    case = services.case_open_for_incident(actor=decider, council=council, incident=incident)
    with pytest.raises(ApplicationError, match="another decision-maker"):
        services.decision_record(actor=decider, council=council, case=case, **decision_answers())
