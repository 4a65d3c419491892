"""Appeals against a warning (R19, R68, R69): through the public page with the warning letter's reference and code,
or recorded by staff from the warning; heard by an officer who had no part in it; not upheld, or upheld (the warning
is withdrawn at once); a warning is never partly upheld ("varied")."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts.services import role_assignment_bootstrap
from safecontact.appeals import selectors, services
from safecontact.appeals.models import Appeal
from safecontact.audit.models import AuditEvent
from safecontact.cases import selectors as case_selectors
from safecontact.cases import services as cases
from safecontact.cases.warnings import formal_warning_status, informal_warning_status
from safecontact.core.exceptions import ApplicationError
from safecontact.letters import services as letters
from safecontact.letters.models import Event
from safecontact.letters.tests.warning_builders import formal_warning, informal_warning


@pytest.fixture
def formal(council, user_with_role):
    made = formal_warning(council, user_with_role)
    draft = letters.formal_warning_letter_prepare(actor=made.officer, council=council, decision=made.decision)
    made.letter = letters.letter_issue(actor=made.officer, letter=draft, channel="post", address_confirmed=True)
    return made


@pytest.fixture
def informal(council, user_with_role):
    made = informal_warning(council, user_with_role)
    draft = letters.informal_warning_letter_prepare(actor=made.officer, council=council, incident=made.incident)
    made.letter = letters.letter_issue(actor=made.officer, letter=draft, channel="post", address_confirmed=True)
    return made


def appeal_online(letter, ip="203.0.113.5"):
    """The form, then "Send your appeal" on check your answers; a refusal is returned from the first step."""
    client = Client()
    first = client.post("/appeal/", {"reference": letter.reference, "code": letter.verification_code,
                                     "grounds": ["factual_inaccuracy"], "grounds_detail": "I was not there that day."},
                        REMOTE_ADDR=ip)
    return client.post("/appeal/check/", REMOTE_ADDR=ip) if first.status_code == 302 else first


def heard_by_an_independent_officer(appeal, user_with_role):
    manager, officer = user_with_role(Role.REGISTER_MANAGER), user_with_role(Role.APPEALS_OFFICER, full_name="Indira Independent")
    return services.appeal_assign(actor=manager, appeal=appeal, officer=officer), officer


def test_a_formal_warning_letter_is_appealed_on_the_public_page(formal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = appeal_online(formal.letter)
    assert response.status_code == 302 and response["Location"] == "/appeal/sent/"
    appeal = Appeal.objects.get()
    assert (appeal.decision, appeal.measure, appeal.incident, appeal.letter) == (formal.decision, None, None, formal.letter)
    assert appeal.person == formal.person and appeal.channel == "online" and appeal.against == "Formal warning"
    assert appeal.appeal_by and not appeal.is_late
    acknowledgement = appeal.acknowledgement_letter
    assert acknowledgement.event == Event.APPEAL_ACKNOWLEDGEMENT and acknowledgement.decision == formal.decision
    assert mail.outbox[-1].to == [formal.decision.case.owner.email]


def test_an_informal_warning_letter_is_appealed_on_the_public_page(informal):
    assert appeal_online(informal.letter).status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.incident, appeal.decision, appeal.measure) == (informal.incident, None, None)
    assert appeal.against == "Informal warning" and appeal.acknowledgement_letter.incident == informal.incident


def test_staff_record_an_appeal_against_a_formal_warning_from_the_case_page(formal, council, client_for):
    client = client_for(formal.officer)
    case_page = client.get(f"/cases/{formal.decision.case_id}/").content.decode()
    url = f"/appeals/record/formal-warning/{formal.decision.pk}/"
    assert url in case_page
    assert "Record an appeal against a formal warning" in client.get(url).content.decode()
    response = client.post(url, {"received_on": timezone.localdate().strftime("%d/%m/%Y"), "channel": "letter",
                                 "grounds": ["factual_inaccuracy"], "grounds_detail": "Wrong date"})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/appeals/{appeal.pk}/"
    assert (appeal.decision, appeal.letter, appeal.recorded_by, appeal.channel) == (formal.decision, formal.letter, formal.officer, "letter")
    assert appeal.reference in client.get(f"/cases/{formal.decision.case_id}/").content.decode()
    assert "Formal warning given on" in client.get(f"/appeals/{appeal.pk}/").content.decode()


def test_staff_record_an_appeal_against_an_informal_warning_from_the_report_page(informal, client_for):
    client = client_for(informal.officer)
    url = f"/appeals/record/informal-warning/{informal.incident.pk}/"
    assert url in client.get(f"/incidents/{informal.incident.pk}/").content.decode()
    response = client.post(url, {"received_on": timezone.localdate().strftime("%d/%m/%Y"), "channel": "phone",
                                 "grounds": ["factual_inaccuracy"]})
    appeal = Appeal.objects.get()
    assert response["Location"] == f"/appeals/{appeal.pk}/" and appeal.incident == informal.incident
    assert "Informal warning given on" in client.get(f"/appeals/{appeal.pk}/").content.decode()


def test_roles_that_do_not_record_appeals_are_refused(formal, informal, client_for):
    assert client_for(formal.decider).get(f"/appeals/record/formal-warning/{formal.decision.pk}/").status_code == 403
    assert client_for(informal.manager).post(f"/appeals/record/informal-warning/{informal.incident.pk}/").status_code == 403
    assert not Appeal.objects.exists()


def test_a_decision_that_is_not_a_warning_cannot_be_appealed_as_one(formal, council, client_for):
    other = cases.decision_record(actor=formal.decider, council=council, case=formal.decision.case, outcome="police_referral",
                                  reasons="Threats", policy_clause="5.2", proportionality="Serious", equality_screen="None",
                                  access_to_services="As usual", known_to_social_care="no")
    assert client_for(formal.officer).get(f"/appeals/record/formal-warning/{other.pk}/").status_code == 404
    with pytest.raises(ApplicationError, match="Only a formal warning"):
        services.appeal_record(actor=formal.officer, council=council, decision=other, received_on=timezone.localdate(),
                               channel="letter", grounds=["factual_inaccuracy"])


@pytest.mark.parametrize("who", ["decider", "reporter", "manager"])
def test_nobody_involved_in_a_formal_warning_hears_the_appeal(formal, council, user_with_role, who):
    appeal = services.appeal_record(actor=formal.officer, council=council, decision=formal.decision, letter=formal.letter,
                                    received_on=timezone.localdate(), channel="letter", grounds=["factual_inaccuracy"])
    candidate = getattr(formal, who)
    role_assignment_bootstrap(council=council, user=candidate, role=Role.APPEALS_OFFICER, reason="test")
    candidate.__dict__.pop("_roles_cache", None)
    with pytest.raises(ApplicationError, match="had a part in this case"):
        services.appeal_assign(actor=user_with_role(Role.REGISTER_MANAGER), appeal=appeal, officer=candidate)
    assert candidate not in selectors.eligible_officers_for(appeal=appeal)


@pytest.mark.parametrize("who", ["manager", "reporter"])
def test_nobody_involved_in_an_informal_warning_hears_the_appeal(informal, council, user_with_role, who):
    appeal = services.appeal_record(actor=informal.officer, council=council, incident=informal.incident,
                                    received_on=timezone.localdate(), channel="letter", grounds=["factual_inaccuracy"])
    candidate = getattr(informal, who)
    role_assignment_bootstrap(council=council, user=candidate, role=Role.APPEALS_OFFICER, reason="test")
    candidate.__dict__.pop("_roles_cache", None)
    with pytest.raises(ApplicationError, match="had a part in this case"):
        services.appeal_assign(actor=user_with_role(Role.REGISTER_MANAGER), appeal=appeal, officer=candidate)


def test_an_overturned_formal_warning_is_withdrawn_and_shown_so(formal, council, user_with_role, client_for):
    appeal_online(formal.letter)
    appeal, officer = heard_by_an_independent_officer(Appeal.objects.get(), user_with_role)
    appeal = services.appeal_decide(actor=officer, appeal=appeal, outcome="overturned", reasons="The customer was elsewhere that day.")
    formal.decision.refresh_from_db()
    assert formal_warning_status(formal.decision).state == "withdrawn"
    assert formal.decision.withdrawn_reason == f"Overturned on appeal {appeal.reference}"
    case = case_selectors.case_get_for(actor=formal.decider, council=council, id=formal.decision.case_id)
    assert case_selectors.warnings_before(case)["formal"] is False
    outcome = appeal.outcome_letter
    assert outcome.event == Event.APPEAL_OUTCOME and outcome.decision == formal.decision
    from safecontact.letters.rendering import render_html

    assert "The formal warning has been withdrawn" in render_html(outcome)
    assert AuditEvent.objects.filter(event_type="warning.withdrawn", subject_id=str(formal.decision.pk)).exists()
    page = client_for(formal.officer).get(f"/cases/{formal.decision.case_id}/").content.decode()
    assert "Withdrawn on appeal" in page and f"Overturned on appeal {appeal.reference}" in page
    assert "Prepare the formal warning letter" not in page and "Record an appeal against this formal warning" not in page


def test_an_overturned_informal_warning_is_withdrawn(informal, user_with_role, client_for):
    appeal_online(informal.letter)
    appeal, officer = heard_by_an_independent_officer(Appeal.objects.get(), user_with_role)
    services.appeal_decide(actor=officer, appeal=appeal, outcome="overturned", reasons="Mistaken identity.")
    informal.incident.triage.refresh_from_db()
    assert informal_warning_status(informal.incident.triage).state == "withdrawn"
    assert "Withdrawn on appeal" in client_for(informal.officer).get(f"/incidents/{informal.incident.pk}/").content.decode()


def test_a_warning_appeal_not_upheld_stays_in_force(formal, user_with_role):
    appeal_online(formal.letter)
    appeal, officer = heard_by_an_independent_officer(Appeal.objects.get(), user_with_role)
    appeal = services.appeal_decide(actor=officer, appeal=appeal, outcome="not_upheld", reasons="The examples are accurate.")
    formal.decision.refresh_from_db()
    assert appeal.status == "decided" and formal_warning_status(formal.decision).is_current


def test_a_warning_cannot_be_varied(formal, user_with_role, client_for):
    appeal_online(formal.letter)
    appeal, officer = heard_by_an_independent_officer(Appeal.objects.get(), user_with_role)
    with pytest.raises(ApplicationError, match="cannot be partly upheld") as refused:
        services.appeal_decide(actor=officer, appeal=appeal, outcome="varied", reasons="Shorter", changed_terms="Six months")
    assert refused.value.field == "outcome"
    page = client_for(officer).post(f"/appeals/{appeal.pk}/decide/", {"outcome": "varied", "reasons": "Shorter",
                                                                       "changed_terms": "Six months"}).content.decode()
    assert "cannot be partly upheld" in page
    appeal.refresh_from_db()
    formal.decision.refresh_from_db()
    assert appeal.status == "assigned" and formal_warning_status(formal.decision).is_current


def test_a_withdrawn_warning_cannot_be_appealed_again(formal, council, user_with_role):
    appeal_online(formal.letter)
    appeal, officer = heard_by_an_independent_officer(Appeal.objects.get(), user_with_role)
    services.appeal_decide(actor=officer, appeal=appeal, outcome="overturned", reasons="Mistaken identity.")
    with pytest.raises(ApplicationError, match="already been withdrawn"):
        services.appeal_record(actor=formal.officer, council=council, decision=formal.decision, received_on=timezone.localdate(),
                               channel="letter", grounds=["factual_inaccuracy"])
