"""The register's services that reviews, appeals and letters call to change an entry (issue 11, "one owner"),
tested here next to the code (issue 18): what each writes, the review-date limit each keeps, and what the
second person to act is told."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from safecontact.audit.models import AuditEvent
from safecontact.core.tests.refusals import refusal
from safecontact.register import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

TODAY = date(2026, 3, 2)
REASONS = "Threats on two visits"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


@pytest.fixture
def awaiting(frozen, council, officer, incident, subject):
    return services.measure_propose(actor=officer, council=council, originating_incident=incident, person=subject,
                                    reasons=REASONS, marker=b.marker_details())


@pytest.fixture
def live(awaiting, approver):
    return services.measure_approve(actor=approver, measure=awaiting, review_due=date(2026, 9, 2))


def fresh(measure):
    return Measure.objects.get(pk=measure.pk)


# --- A review continues or varies the entry -----------------------------------------------------------

def test_a_review_sets_the_next_date_and_restarts_the_twelve_months_from_the_review(live):
    services.measure_review_record(measure=live, reviewed_on=date(2026, 9, 1), review_due=date(2027, 9, 1))
    measure = fresh(live)
    assert (measure.review_due, measure.approved_on, measure.reasons) == (date(2027, 9, 1), date(2026, 9, 1), REASONS)
    assert measure.status == Measure.Status.ACTIVE and measure.starts_on == TODAY


def test_terms_varied_at_a_review_are_added_to_the_reasons(live):
    services.measure_review_record(measure=live, reviewed_on=date(2026, 6, 1), review_due=date(2026, 12, 1),
                                   changed_terms="Contact in writing only")
    assert fresh(live).reasons == f"{REASONS}\n\nVaried at review on 01/06/2026: Contact in writing only"


def test_a_review_date_moved_forward_keeps_the_limit_where_it_was(live):
    services.measure_review_date_set(measure=live, review_due=date(2026, 4, 1))
    measure = fresh(live)
    assert (measure.review_due, measure.approved_on, measure.reasons) == (date(2026, 4, 1), TODAY, REASONS)


@pytest.mark.parametrize("change", ["review", "date"])
def test_only_a_live_entry_is_reviewed(awaiting, approver, change):
    call = {"review": lambda m: services.measure_review_record(measure=m, reviewed_on=TODAY, review_due=date(2026, 6, 1)),
            "date": lambda m: services.measure_review_date_set(measure=m, review_due=date(2026, 6, 1))}[change]
    assert refusal(call, m=awaiting) == ("This entry is not live yet: it is still awaiting approval.", None)
    live = services.measure_approve(actor=approver, measure=awaiting)
    services.measure_end(actor=approver, measure=live, reason="Removed")
    assert refusal(call, m=live) == ("This entry has already ended: it was removed at 12:00.", None)
    assert fresh(live).review_due == live.review_due


# --- An appeal varies the terms -----------------------------------------------------------------------

def test_an_appeal_varies_the_terms_and_says_where(live, approver, council):
    services.measure_terms_vary(actor=approver, measure=live, changed_terms="Email allowed", note="on appeal APL-2026-000001",
                                data={"appeal": "APL-2026-000001"})
    assert fresh(live).reasons == f"{REASONS}\n\nVaried on appeal APL-2026-000001: Email allowed"
    assert fresh(live).review_due == date(2026, 9, 2)
    event = AuditEvent.objects.get(event_type="measure.varied", subject_id=str(live.pk))
    assert (event.actor_id, event.council_id) == (approver.pk, council.pk)
    assert event.data == {"appeal": "APL-2026-000001", "review_due": None}


@pytest.mark.parametrize(("review_due", "allowed"), [
    (TODAY, False), (TODAY + timedelta(days=1), True), (date(2027, 3, 2), True), (date(2027, 3, 3), False),
])
def test_a_variation_moves_the_review_date_only_within_twelve_months_of_approval(live, approver, review_due, allowed):
    vary = {"actor": approver, "measure": live, "changed_terms": "Email allowed", "note": "on appeal", "review_due": review_due}
    if allowed:
        services.measure_terms_vary(**vary)
        assert fresh(live).review_due == review_due
        assert AuditEvent.objects.get(event_type="measure.varied").data == {"review_due": review_due.isoformat()}
    else:
        assert refusal(services.measure_terms_vary, **vary) == (
            "The new review date must be in the future and within 12 months of approval.", "review_due")
        assert fresh(live).reasons == REASONS


def test_the_twelve_months_run_from_the_last_review_not_from_today(live, approver):
    Measure.objects.filter(pk=live.pk).update(approved_on=date(2025, 12, 1), review_due=date(2026, 6, 1))
    assert refusal(services.measure_terms_vary, actor=approver, measure=live, changed_terms="x", note="on appeal",
                   review_due=date(2026, 12, 2)) == ("The new review date must be in the future and within 12 months of approval.",
                                                     "review_due")
    services.measure_terms_vary(actor=approver, measure=live, changed_terms="x", note="on appeal", review_due=date(2026, 12, 1))
    assert fresh(live).review_due == date(2026, 12, 1)


def test_only_a_live_entry_is_varied(awaiting, approver):
    assert refusal(services.measure_terms_vary, actor=approver, measure=awaiting, changed_terms="x", note="on appeal") == (
        "This entry is not live yet: it is still awaiting approval.", None)


# --- Whether the customer is told ---------------------------------------------------------------------

def test_withholding_the_letter_records_why_until_when_and_who(awaiting, approver, council):
    services.measure_notification_set(actor=approver, measure=awaiting, notify=False, withheld_reasons="Risk to the officer",
                                      reconsider_on=date(2026, 4, 1))
    measure = fresh(awaiting)
    assert (measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on) == (
        "withheld", "Risk to the officer", date(2026, 4, 1))
    assert (measure.notify_decided_by, measure.notify_decided_at) == (approver, timezone.now())
    event = AuditEvent.objects.get(event_type="measure.notification_decided", subject_id=str(awaiting.pk))
    assert (event.actor_id, event.council_id, event.data) == (approver.pk, council.pk, {"notify": False, "reconsider_on": "2026-04-01"})


def test_deciding_to_tell_the_customer_clears_the_reasons_for_withholding(live, approver):
    services.measure_notification_set(actor=approver, measure=live, notify=False, withheld_reasons="Risk", reconsider_on=date(2026, 4, 1))
    services.measure_notification_set(actor=approver, measure=live, notify=True, reconsider_on=date(2026, 5, 1))
    measure = fresh(live)
    assert (measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on) == ("notify", "", None)
    events = AuditEvent.objects.filter(event_type="measure.notification_decided").order_by("seq")
    assert [e.data for e in events] == [{"notify": False, "reconsider_on": "2026-04-01"}, {"notify": True, "reconsider_on": None}]


def test_the_register_records_the_decision_as_given(awaiting, approver):
    """Letters checks that withholding has reasons and a date (letters.services); the register stores what it is given."""
    services.measure_notification_set(actor=approver, measure=awaiting, notify=False)
    assert (fresh(awaiting).notify_decision, fresh(awaiting).notify_withheld_reasons, fresh(awaiting).notify_reconsider_on) == (
        "withheld", "", None)
