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
from safecontact.register import services, services_terms
from safecontact.register.models import Measure, MeasureVersion, Precaution
from safecontact.register.services_terms import Terms
from safecontact.register.tests import builders as b

TODAY = date(2026, 3, 2)
REASONS = "Threats on two visits"


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=ZoneInfo("Europe/London")), tick=False):
        yield


@pytest.fixture
def awaiting(frozen, council, officer, incident, subject):
    return b.propose(actor=officer, council=council, originating_incident=incident, person=subject,
                                    reasons=REASONS, marker=b.marker_details())


@pytest.fixture
def live(awaiting, approver):
    return services.measure_approve(actor=approver, measure=awaiting, review_due=date(2026, 9, 2))


def fresh(measure):
    return Measure.objects.get(pk=measure.pk)


# --- A review continues or varies the entry -----------------------------------------------------------

def test_a_review_sets_the_next_date_and_restarts_the_twelve_months_from_the_review(live):
    services_terms.measure_review_record(measure=live, reviewed_on=date(2026, 9, 1), review_due=date(2027, 9, 1))
    measure = fresh(live)
    assert (measure.review_due, measure.approved_on, measure.reasons) == (date(2027, 9, 1), date(2026, 9, 1), REASONS)
    assert measure.status == Measure.Status.ACTIVE and measure.starts_on == TODAY


def test_terms_varied_at_a_review_are_added_to_the_reasons(live):
    services_terms.measure_review_record(measure=live, reviewed_on=date(2026, 6, 1), review_due=date(2026, 12, 1),
                                   changed_terms="Contact in writing only")
    assert fresh(live).reasons == f"{REASONS}\n\nVaried at review on 01/06/2026: Contact in writing only"


def test_a_review_date_moved_forward_keeps_the_limit_where_it_was(live):
    services_terms.measure_review_date_set(measure=live, review_due=date(2026, 4, 1))
    measure = fresh(live)
    assert (measure.review_due, measure.approved_on, measure.reasons) == (date(2026, 4, 1), TODAY, REASONS)


@pytest.mark.parametrize("change", ["review", "date"])
def test_only_a_live_entry_is_reviewed(awaiting, approver, change):
    call = {"review": lambda m: services_terms.measure_review_record(measure=m, reviewed_on=TODAY, review_due=date(2026, 6, 1)),
            "date": lambda m: services_terms.measure_review_date_set(measure=m, review_due=date(2026, 6, 1))}[change]
    assert refusal(call, m=awaiting) == ("This entry is not live yet: it is still awaiting approval.", None)
    live = services.measure_approve(actor=approver, measure=awaiting)
    services.measure_end(actor=approver, measure=live, reason="Removed")
    assert refusal(call, m=live) == ("This entry has already ended: it was removed at 12:00.", None)
    assert fresh(live).review_due == live.review_due


# --- A review or an appeal varies the terms (R57) -----------------------------------------------------

def precautions(*labels):
    return list(Precaution.objects.filter(council__isnull=True, label__in=labels))


def vary(live, actor, **kwargs):
    fields = {"actor": actor, "measure": live, "source": MeasureVersion.Source.APPEAL, "note": "on appeal APL-2026-000001",
              "why": "Email allowed", "terms": Terms(precautions=precautions("Meet only at council offices"))}
    return services_terms.measure_vary(**{**fields, **kwargs})


def test_an_appeal_varies_the_terms_and_says_where(live, approver, council):
    measure, changes = vary(live, approver, data={"appeal": "APL-2026-000001"})
    assert changes == ["Precautions: No lone visits; Visit in pairs \u2192 Meet only at council offices"]
    assert fresh(live).reasons == (f"{REASONS}\n\nVaried on appeal APL-2026-000001: Email allowed "
                                   "(Precautions: No lone visits; Visit in pairs \u2192 Meet only at council offices)")
    assert [p.label for p in fresh(live).precautions.all()] == ["Meet only at council offices"]
    assert fresh(live).review_due == date(2026, 9, 2)
    event = AuditEvent.objects.get(event_type="measure.varied", subject_id=str(live.pk))
    assert (event.actor_id, event.council_id) == (approver.pk, council.pk)
    assert event.data == {"appeal": "APL-2026-000001", "version": 2, "changed": ["Precautions"], "review_due": None}


def test_a_variation_is_the_next_version_with_who_when_and_why(live, approver):
    vary(live, approver, terms=Terms(risk_impact=2, advice="Phone first."))
    first, second = MeasureVersion.objects.filter(measure=live).order_by("number")
    assert (first.number, first.source, first.risk_impact, first.advice) == (
        1, "approval", 4, "Phone before visiting; do not enter if the dog is loose.")
    assert (second.number, second.source, second.changed_by, second.changed_at, second.why, second.note) == (
        2, "appeal", approver, timezone.now(), "Email allowed", "on appeal APL-2026-000001")
    assert (second.risk_impact, second.risk_likelihood, second.advice) == (2, 4, "Phone first.")
    assert {p.label for p in second.precautions.all()} == {"Visit in pairs", "No lone visits"}  # kept: None keeps a term


@pytest.mark.parametrize(("review_due", "allowed"), [
    (TODAY, False), (TODAY + timedelta(days=1), True), (date(2027, 3, 2), True), (date(2027, 3, 3), False),
])
def test_a_variation_moves_the_review_date_only_within_twelve_months_of_approval(live, approver, review_due, allowed):
    if allowed:
        vary(live, approver, review_due=review_due)
        assert fresh(live).review_due == review_due
        assert AuditEvent.objects.get(event_type="measure.varied").data["review_due"] == review_due.isoformat()
    else:
        assert refusal(vary, live=live, actor=approver, review_due=review_due) == (
            "The new review date must be in the future and within 12 months of approval.", "review_due")
        assert fresh(live).reasons == REASONS and fresh(live).versions.count() == 1


def test_the_twelve_months_run_from_the_last_review_not_from_today(live, approver):
    Measure.objects.filter(pk=live.pk).update(approved_on=date(2025, 12, 1), review_due=date(2026, 6, 1))
    assert refusal(vary, live=live, actor=approver, review_due=date(2026, 12, 2)) == (
        "The new review date must be in the future and within 12 months of approval.", "review_due")
    vary(live, approver, review_due=date(2026, 12, 1))
    assert fresh(live).review_due == date(2026, 12, 1)


def test_a_new_review_date_alone_is_a_variation(live, approver):
    measure, changes = vary(live, approver, terms=Terms(), review_due=date(2026, 6, 1))
    assert changes == [] and fresh(live).review_due == date(2026, 6, 1) and fresh(live).reasons == REASONS
    assert fresh(live).versions.count() == 2


def test_nothing_changed_is_refused_and_nothing_is_written(live, approver):
    same = Terms(risk_impact=4, precautions=precautions("Visit in pairs", "No lone visits"))
    assert refusal(vary, live=live, actor=approver, terms=same) == (
        "Nothing was changed: change the terms, or uphold the appeal.", None)
    assert refusal(vary, live=live, actor=approver, terms=same, source=MeasureVersion.Source.REVIEW) == (
        "Nothing was changed: change the terms, or record the review as continued.", None)
    assert fresh(live).versions.count() == 1 and not AuditEvent.objects.filter(event_type="measure.varied").exists()


@pytest.mark.parametrize(("terms", "message", "field"), [
    (Terms(precautions=[]), "Choose at least one precaution.", "precautions"),
    (Terms(risk_description=" "), "Describe the risk in a sentence or two: facts, not opinion.", "risk_description"),
    (Terms(risk_likelihood=7), "Choose the impact (1 to 5) and the likelihood (1 to 6).", "risk_impact"),
])
def test_the_new_terms_must_still_make_a_marker(live, approver, terms, message, field):
    assert refusal(vary, live=live, actor=approver, terms=terms) == (message, field)
    assert fresh(live).versions.count() == 1


def test_a_variation_says_why(live, approver):
    assert refusal(vary, live=live, actor=approver, why="  ") == ("Say why the entry is varied.", "why")


def test_another_councils_precaution_is_refused(live, approver, other_council):
    theirs = Precaution.objects.create(council=other_council, label="Their own precaution")
    assert refusal(vary, live=live, actor=approver, terms=Terms(precautions=[theirs])) == ("Choose from this council's lists.", None)


def test_only_a_live_entry_is_varied(awaiting, approver):
    assert refusal(vary, live=awaiting, actor=approver) == ("This entry is not live yet: it is still awaiting approval.", None)
    live = services.measure_approve(actor=approver, measure=awaiting)
    services.measure_end(actor=approver, measure=live, reason="Removed")
    assert refusal(vary, live=live, actor=approver) == ("This entry has already ended: it was removed at 12:00.", None)
    assert fresh(live).versions.count() == 1


# --- Whether the customer is told ---------------------------------------------------------------------

def test_withholding_the_letter_records_why_until_when_and_who(awaiting, approver, council):
    services_terms.measure_notification_set(actor=approver, measure=awaiting, notify=False, withheld_reasons="Risk to the officer",
                                      reconsider_on=date(2026, 4, 1))
    measure = fresh(awaiting)
    assert (measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on) == (
        "withheld", "Risk to the officer", date(2026, 4, 1))
    assert (measure.notify_decided_by, measure.notify_decided_at) == (approver, timezone.now())
    event = AuditEvent.objects.get(event_type="measure.notification_decided", subject_id=str(awaiting.pk))
    assert (event.actor_id, event.council_id, event.data) == (approver.pk, council.pk, {"notify": False, "reconsider_on": "2026-04-01"})


def test_deciding_to_tell_the_customer_clears_the_reasons_for_withholding(live, approver):
    services_terms.measure_notification_set(actor=approver, measure=live, notify=False, withheld_reasons="Risk", reconsider_on=date(2026, 4, 1))
    services_terms.measure_notification_set(actor=approver, measure=live, notify=True, reconsider_on=date(2026, 5, 1))
    measure = fresh(live)
    assert (measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on) == ("notify", "", None)
    events = AuditEvent.objects.filter(event_type="measure.notification_decided").order_by("seq")
    assert [e.data for e in events] == [{"notify": False, "reconsider_on": "2026-04-01"}, {"notify": True, "reconsider_on": None}]


def test_the_register_records_the_decision_as_given(awaiting, approver):
    """Letters checks that withholding has reasons and a date (letters.services); the register stores what it is given."""
    services_terms.measure_notification_set(actor=approver, measure=awaiting, notify=False)
    assert (fresh(awaiting).notify_decision, fresh(awaiting).notify_withheld_reasons, fresh(awaiting).notify_reconsider_on) == (
        "withheld", "", None)
