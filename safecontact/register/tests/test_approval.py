"""Approving a measure: who may, when the person's identity needs reasons, the review date's limits at their
boundaries, and the one-live-marker rule for each kind of measure (issue 18)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.refusals import refusal
from safecontact.core.workdays import add_months
from safecontact.incidents.models import Incident
from safecontact.register import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

# 2 March 2026: twelve months on is 2 March 2027, 365 days later (the hard maximum, 366 days, is one day more).
TODAY = date(2026, 3, 2)
DUPLICATE = "There is already a live safety marker for this person and premises: review that one instead."


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


def propose(officer, council, incident, *, person=None, premises=None, restriction=False):
    kind = {"restriction": b.restriction_details()} if restriction else {"marker": b.marker_details()}
    return b.propose(actor=officer, council=council, originating_incident=incident, person=person,
                                    premises=premises, reasons="Threats on two visits", **kind)


def approve(approver, measure, **kwargs):
    return services.measure_approve(actor=approver, measure=measure, **kwargs)


# --- Who approves -----------------------------------------------------------------------------------

def test_approval_records_who_approved_when_and_the_review_date(frozen, council, officer, approver, incident, subject):
    measure = approve(approver, propose(officer, council, incident, person=subject))
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.status == Measure.Status.ACTIVE and measure.approved_by == approver
    assert measure.approved_at == timezone.now() and measure.approved_on == TODAY and measure.starts_on == TODAY
    assert measure.review_due == date(2026, 9, 2)  # the council's interval: six months by default
    assert measure.identity_override_reason == ""
    event = AuditEvent.objects.get(event_type="measure.approved", subject_id=str(measure.pk))
    assert event.actor_id == approver.pk and event.council_id == council.pk
    assert event.data == {"review_due": "2026-09-02", "identity_override": False}


def test_the_review_date_follows_the_councils_interval(frozen, council, officer, approver, incident, subject):
    CouncilSettings.objects.update_or_create(council=council, defaults={"review_interval_months": 3})
    assert approve(approver, propose(officer, council, incident, person=subject)).review_due == date(2026, 6, 2)


def test_an_approved_measure_cannot_be_approved_again(frozen, council, officer, approver, incident, subject):
    measure = approve(approver, propose(officer, council, incident, person=subject))
    assert refusal(approve, approver=approver, measure=measure) == (
        f"This entry has already been approved by {approver.full_name} at 12:00.", None)


def test_the_proposer_cannot_approve_and_is_told_why(council, officer, approver, incident, subject):
    from safecontact.accounts.services import role_assignment_bootstrap

    role_assignment_bootstrap(council=council, user=officer, role=Role.DECISION_MAKER, reason="test")
    officer = type(officer).objects.get(pk=officer.pk)
    measure = propose(officer, council, incident, person=subject)
    assert refusal(approve, approver=officer, measure=measure) == ("The officer who proposed a measure cannot approve it.", None)


def test_the_reporter_of_the_incident_cannot_approve_and_is_told_why(council, officer, approver, subject):
    measure = propose(officer, council, b.incident(council, approver, subject), person=subject)
    assert refusal(approve, approver=approver, measure=measure) == (
        "You reported the incident this measure rests on, so someone else must approve it.", None)
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.AWAITING_APPROVAL


def test_an_officer_who_may_propose_may_not_approve(council, officer, user_with_role, incident, subject):
    measure = propose(officer, council, incident, person=subject)
    with pytest.raises(PermissionDenied):
        approve(user_with_role(Role.REGISTER_OFFICER), measure)


# --- The person's identity --------------------------------------------------------------------------

@pytest.mark.parametrize(("identity", "needs_reasons"), [
    (Incident.Identity.KNOWN_ACCOUNT, False), (Incident.Identity.ID_SEEN, False),
    (Incident.Identity.WITNESS_ONLY, True), (Incident.Identity.NOT_CONFIRMED, True), ("", True),
])
def test_an_unconfirmed_identity_needs_reasons_to_approve(council, officer, approver, staff, subject, identity, needs_reasons):
    measure = propose(officer, council, b.incident(council, staff, subject, identity=identity), person=subject)
    if needs_reasons:
        assert refusal(approve, approver=approver, measure=measure, identity_override_reason=" \n ") == (
            "The person's identity was not confirmed: give reasons to approve anyway.", "identity_override_reason")
    else:
        assert approve(approver, measure).status == Measure.Status.ACTIVE


def test_reasons_to_approve_despite_the_identity_are_kept_and_audited(council, officer, approver, staff, subject):
    incident = b.incident(council, staff, subject, identity=Incident.Identity.WITNESS_ONLY)
    measure = approve(approver, propose(officer, council, incident, person=subject),
                      identity_override_reason="  Known to the housing officer by sight  ")
    assert Measure.objects.get(pk=measure.pk).identity_override_reason == "Known to the housing officer by sight"
    assert AuditEvent.objects.get(event_type="measure.approved", subject_id=str(measure.pk)).data["identity_override"] is True


def test_a_marker_on_premises_alone_needs_no_identity(council, officer, approver, staff, house):
    incident = b.incident(council, staff, identity=Incident.Identity.NOT_CONFIRMED)
    assert approve(approver, propose(officer, council, incident, premises=house)).status == Measure.Status.ACTIVE


# --- The review date, at its limits -----------------------------------------------------------------

@pytest.mark.parametrize(("review_due", "message"), [
    (TODAY - timedelta(days=1), "The review date must be in the future."),
    (TODAY, "The review date must be in the future."),
    (TODAY + timedelta(days=1), None),
    (add_months(TODAY, 12), None),
    (add_months(TODAY, 12) + timedelta(days=1), "The review date is beyond the 12-month maximum."),
    (TODAY + timedelta(days=366), "The review date is beyond the 12-month maximum."),
])
def test_the_review_date_is_tomorrow_at_the_earliest_and_twelve_months_at_the_latest(
        frozen, council, officer, approver, incident, subject, review_due, message):
    measure = propose(officer, council, incident, person=subject)
    if message:
        assert refusal(approve, approver=approver, measure=measure, review_due=review_due) == (message, "review_due")
        assert Measure.objects.get(pk=measure.pk).status == Measure.Status.AWAITING_APPROVAL
    else:
        assert approve(approver, measure, review_due=review_due).review_due == review_due


def test_in_a_leap_year_twelve_months_is_the_hard_maximum_of_366_days(council, officer, approver, incident, subject):
    with time_machine.travel(datetime(2027, 3, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        measure = propose(officer, council, incident, person=subject)
        assert refusal(approve, approver=approver, measure=measure, review_due=date(2028, 3, 3)) == (
            "The review date is beyond the 12-month maximum.", "review_due")
        assert approve(approver, measure, review_due=date(2028, 3, 2)).review_due == date(2027, 3, 2) + timedelta(days=366)


# --- One live safety marker per subject; restrictions are not markers -------------------------------

def test_a_second_live_marker_for_the_same_person_and_premises_is_refused(council, officer, approver, incident, subject, house):
    approve(approver, propose(officer, council, incident, person=subject, premises=house))
    second = propose(officer, council, incident, person=subject, premises=house)
    assert refusal(approve, approver=approver, measure=second) == (DUPLICATE, None)


def test_a_marker_under_review_still_blocks_a_second(council, officer, approver, incident, subject):
    first = approve(approver, propose(officer, council, incident, person=subject))
    Measure.objects.filter(pk=first.pk).update(status=Measure.Status.UNDER_REVIEW)
    assert refusal(approve, approver=approver, measure=propose(officer, council, incident, person=subject)) == (DUPLICATE, None)


def test_an_ended_marker_does_not_block_a_new_one(council, officer, approver, incident, subject):
    first = approve(approver, propose(officer, council, incident, person=subject))
    services.measure_end(actor=approver, measure=first, reason="Behaviour improved")
    assert approve(approver, propose(officer, council, incident, person=subject)).status == Measure.Status.ACTIVE


def test_markers_on_the_person_and_on_the_person_at_premises_are_different_subjects(council, officer, approver, incident, subject, house):
    on_person = approve(approver, propose(officer, council, incident, person=subject))
    at_house = approve(approver, propose(officer, council, incident, person=subject, premises=house))
    on_house = approve(approver, propose(officer, council, incident, premises=house))
    assert {on_person.status, at_house.status, on_house.status} == {Measure.Status.ACTIVE}


def test_a_live_restriction_does_not_block_a_marker_on_the_same_person(council, officer, approver, incident, subject):
    approve(approver, propose(officer, council, incident, person=subject, restriction=True))
    assert approve(approver, propose(officer, council, incident, person=subject)).status == Measure.Status.ACTIVE


def test_a_live_marker_does_not_block_restrictions_and_restrictions_do_not_block_each_other(
        council, officer, approver, incident, subject):
    approve(approver, propose(officer, council, incident, person=subject))
    first = approve(approver, propose(officer, council, incident, person=subject, restriction=True))
    second = approve(approver, propose(officer, council, incident, person=subject, restriction=True))
    assert first.status == second.status == Measure.Status.ACTIVE


def test_another_councils_live_marker_never_blocks_this_councils_even_under_the_same_key(
        council, other_council, officer, approver, incident, subject, user_with_role):
    theirs = b.live_marker(other_council, lambda role, **kw: user_with_role(role, for_council=other_council, **kw),
                           subject=b.person(other_council, given="Wilfred", family="Ashcombe"))
    ours = propose(officer, council, incident, person=subject)
    Measure.objects.filter(pk=ours.pk).update(subject_key=theirs.subject_key)  # as before addresses were split per council
    assert approve(approver, ours).status == Measure.Status.ACTIVE


def test_when_two_approvals_race_the_database_refuses_the_second(council, officer, approver, incident, subject, monkeypatch):
    """The check above is made before saving; the unique constraint catches an approval that slipped past
    it in another transaction. Emptying the statuses the check looks for lets this one slip past."""
    approve(approver, propose(officer, council, incident, person=subject))
    second = propose(officer, council, incident, person=subject)
    monkeypatch.setattr(services, "LIVE_STATUSES", ())
    assert refusal(approve, approver=approver, measure=second) == (
        "There is already a live safety marker for this person and premises.", None)
    assert Measure.objects.get(pk=second.pk).status == Measure.Status.AWAITING_APPROVAL
    assert not AuditEvent.objects.filter(event_type="measure.approved", subject_id=str(second.pk)).exists()


# --- The page after a refused approval (issue 14) ------------------------------------------------------

def test_a_refused_approval_shows_the_error_beside_the_date_and_keeps_what_was_typed(
        frozen, council, officer, approver, incident, subject, client_for):
    from django.urls import reverse

    measure = propose(officer, council, incident, person=subject)
    response = client_for(approver).post(reverse("register:measure_approve", kwargs={"id": measure.pk}), {
        "review_due_0": "2", "review_due_1": "4", "review_due_2": "2027", "notify": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body and "govuk-error-summary" in body
    assert '<a href="#id_review_due_0">The review date is beyond the 12-month maximum.</a>' in body
    assert 'id="id_review_due_1_error"' in body
    assert 'name="review_due_1" value="4"' in body and 'name="review_due_2" value="2027"' in body
    assert Measure.objects.get(pk=measure.pk).status == Measure.Status.AWAITING_APPROVAL


def test_not_approving_without_a_reason_names_the_reason(council, officer, approver, incident, subject, client_for):
    from django.urls import reverse

    measure = propose(officer, council, incident, person=subject)
    response = client_for(approver).post(reverse("register:measure_refuse", kwargs={"id": measure.pk}), {})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body and 'href="#id_reason"' in body
    assert "This field is required." not in body
