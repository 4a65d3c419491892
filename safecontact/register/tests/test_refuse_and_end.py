"""Refusing a proposal and ending a live measure: who may, what is recorded, and what the second person to act
is told about the entry's state (issue 18; test_transitions_lock.py has the races of issue 11)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.refusals import refusal
from safecontact.register import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

TODAY = date(2026, 3, 2)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


@pytest.fixture
def awaiting(frozen, council, officer, incident, subject):
    return b.propose(actor=officer, council=council, originating_incident=incident, person=subject,
                                    reasons="Threats on two visits", marker=b.marker_details())


@pytest.fixture
def live(awaiting, approver):
    return services.measure_approve(actor=approver, measure=awaiting)


def event(measure, event_type):
    return AuditEvent.objects.get(subject_id=str(measure.pk), event_type=event_type)


# --- Refusing a proposal ----------------------------------------------------------------------------

def test_a_decision_maker_refuses_a_proposal_with_a_reason(awaiting, approver, council):
    services.measure_refuse(actor=approver, measure=awaiting, reason="  The incident does not meet the threshold. ")
    measure = Measure.objects.get(pk=awaiting.pk)
    assert (measure.status, measure.ended_reason, measure.ended_at) == ("ended", "refused", timezone.now())
    assert measure.reasons == "Threats on two visits\n\nNot approved: The incident does not meet the threshold."
    assert measure.approved_by is None and measure.review_due is None
    refused = event(measure, "measure.refused")
    assert (refused.actor_id, refused.council_id, refused.data) == (approver.pk, council.pk, {})


def test_a_refusal_needs_a_reason(awaiting, approver):
    assert refusal(services.measure_refuse, actor=approver, measure=awaiting, reason=" \n ") == (
        "Give the reason for not approving.", "reason")
    assert Measure.objects.get(pk=awaiting.pk).status == Measure.Status.AWAITING_APPROVAL
    assert not AuditEvent.objects.filter(event_type="measure.refused").exists()


def test_a_live_measure_cannot_be_refused(live, approver):
    assert refusal(services.measure_refuse, actor=approver, measure=live, reason="Too late") == (
        f"This entry has already been approved by {approver.full_name} at 12:00.", None)
    assert Measure.objects.get(pk=live.pk).status == Measure.Status.ACTIVE


def test_a_refused_proposal_cannot_be_approved_or_refused_again(awaiting, approver):
    services.measure_refuse(actor=approver, measure=awaiting, reason="Below the threshold.")
    told = ("This entry is no longer awaiting approval: it was refused at 12:00.", None)
    assert refusal(services.measure_approve, actor=approver, measure=awaiting) == told
    assert refusal(services.measure_refuse, actor=approver, measure=awaiting, reason="Again") == told


@pytest.mark.parametrize("role", [Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.STAFF])
def test_only_a_decision_maker_refuses(awaiting, user_with_role, role):
    with pytest.raises(PermissionDenied):
        services.measure_refuse(actor=user_with_role(role), measure=awaiting, reason="Not mine to refuse")
    assert Measure.objects.get(pk=awaiting.pk).status == Measure.Status.AWAITING_APPROVAL


# --- Ending a live measure --------------------------------------------------------------------------

def test_a_decision_maker_ends_a_live_measure(live, approver, council):
    services.measure_end(actor=approver, measure=live, reason="Behaviour improved")
    measure = Measure.objects.get(pk=live.pk)
    assert (measure.status, measure.ended_reason) == ("ended", "removed")
    assert (measure.ended_at, measure.ends_on) == (timezone.now(), TODAY)
    assert measure.approved_by == approver and measure.review_due == live.review_due
    ended = event(measure, "measure.ended")
    assert (ended.actor_id, ended.council_id, ended.data) == (approver.pk, council.pk, {"reason": "removed", "why": "Behaviour improved"})


def test_the_system_ends_an_expired_measure_without_an_actor(live):
    services.measure_end(actor=None, measure=live, reason="Review date passed", ended_reason=Measure.EndedReason.EXPIRED)
    assert Measure.objects.get(pk=live.pk).ended_reason == "expired"
    ended = event(live, "measure.ended")
    assert (ended.actor_type, ended.actor_id, ended.data) == ("system", None, {"reason": "expired", "why": "Review date passed"})


def test_a_measure_under_review_can_be_ended(live, approver):
    Measure.objects.filter(pk=live.pk).update(status=Measure.Status.UNDER_REVIEW)
    services.measure_end(actor=approver, measure=live, reason="Removed at review")
    assert Measure.objects.get(pk=live.pk).status == Measure.Status.ENDED


@pytest.mark.parametrize("role", [Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.STAFF])
def test_only_a_decision_maker_ends_a_measure(live, user_with_role, role):
    with pytest.raises(PermissionDenied):
        services.measure_end(actor=user_with_role(role), measure=live, reason="Not mine to end")
    assert Measure.objects.get(pk=live.pk).status == Measure.Status.ACTIVE


# --- What the second person to act is told ----------------------------------------------------------

@pytest.mark.parametrize(("ended_reason", "how"), [
    (Measure.EndedReason.REMOVED, "it was removed"), (Measure.EndedReason.EXPIRED, "it expired"),
    (Measure.EndedReason.OVERTURNED, "it was overturned on appeal"), (Measure.EndedReason.REFUSED, "it was refused"),
    ("", "it ended"),
])
def test_ending_an_ended_measure_says_how_and_when_it_ended(live, approver, ended_reason, how):
    Measure.objects.filter(pk=live.pk).update(status=Measure.Status.ENDED, ended_reason=ended_reason, ended_at=timezone.now())
    assert refusal(services.measure_end, actor=approver, measure=live, reason="Again") == (
        f"This entry has already ended: {how} at 12:00.", None)


def test_without_a_recorded_time_the_message_gives_none(live, approver):
    Measure.objects.filter(pk=live.pk).update(status=Measure.Status.ENDED, ended_reason="removed", ended_at=None)
    assert refusal(services.measure_end, actor=approver, measure=live, reason="Again") == (
        "This entry has already ended: it was removed.", None)
    Measure.objects.filter(pk=live.pk).update(status=Measure.Status.ACTIVE, approved_at=None)
    assert refusal(services.measure_approve, actor=approver, measure=live) == (
        f"This entry has already been approved by {approver.full_name}.", None)


def test_an_end_on_an_earlier_day_gives_the_date(live, approver):
    Measure.objects.filter(pk=live.pk).update(status=Measure.Status.ENDED, ended_reason="expired",
                                              ended_at=datetime(2025, 11, 7, 9, 15, tzinfo=ZoneInfo("Europe/London")))
    assert refusal(services.measure_end, actor=approver, measure=live, reason="Again") == (
        "This entry has already ended: it expired on 7 November 2025.", None)


def test_a_draft_can_be_neither_approved_nor_ended(awaiting, approver):
    Measure.objects.filter(pk=awaiting.pk).update(status=Measure.Status.DRAFT)
    told = ("This entry can no longer be changed this way: it is draft.", None)
    assert refusal(services.measure_approve, actor=approver, measure=awaiting) == told
    assert refusal(services.measure_end, actor=approver, measure=awaiting, reason="x") == told


def test_ending_a_proposal_says_it_is_not_live_yet(awaiting, approver):
    assert refusal(services.measure_end, actor=approver, measure=awaiting, reason="x") == (
        "This entry is not live yet: it is still awaiting approval.", None)
