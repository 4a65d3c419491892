"""Writes for reviews: complete a review, bring a review forward after a new incident, the daily
reminders and escalations, and the council's review settings. The daily run is idempotent: each
reminder, escalation and bring-forward is a row under a unique constraint, written in the same
transaction as the email it queues in the outbox (notifications/), which the worker sends and retries."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import can, require
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import role_holders
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.letters.models import Event
from safecontact.letters.services import letter_create, measure_notification_decide
from safecontact.notifications.services import staff_email_queue
from safecontact.register.models import LIVE_STATUSES, Measure, MeasureVersion
from safecontact.register.review_dates import ReviewDateProblem, default_review_due, review_due_brought_forward, review_due_problem
from safecontact.register.services import measure_lock
from safecontact.register.services_terms import Terms, measure_review_date_set, measure_review_record, measure_vary
from safecontact.reviews.models import Review, ReviewDateChange, ReviewReminder, ReviewSettings, parse_reminder_days
from safecontact.reviews.selectors import evidence_since, new_incidents_for, overdue_cutoff, review_evidence, review_settings_for

logger = logging.getLogger(__name__)
TEXT_MAX = 5000
LETTER_OUTCOME = {Review.Outcome.CONTINUE: "continued", Review.Outcome.VARY: "varied"}


def default_next_review(*, council: Organisation, today: date) -> date:
    return default_review_due(council=council, today=today)


def _clean_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > TEXT_MAX:
        raise ApplicationError(f"Keep this under {TEXT_MAX} characters.", field=field)
    return value


def _check_outcome(*, outcome: str, reasons: str, changed_terms: str, next_review_due: date | None, today: date) -> None:
    if outcome not in Review.Outcome.values:
        raise ApplicationError("Choose the outcome of the review.", field="outcome")
    if not reasons:
        raise ApplicationError("Give the reasons for the outcome. The customer reads them.", field="reasons")
    if outcome == Review.Outcome.VARY and not changed_terms:
        raise ApplicationError("Say why the terms change.", field="changed_terms")
    if outcome in (Review.Outcome.CONTINUE, Review.Outcome.VARY) and next_review_due is not None:
        problem = review_due_problem(next_review_due, today=today)
        if problem is ReviewDateProblem.NOT_IN_FUTURE:
            raise ApplicationError("The next review date must be in the future.", field="next_review_due")
        if problem is ReviewDateProblem.BEYOND_LIMIT:
            raise ApplicationError("The next review date must be within 12 months of today.", field="next_review_due")


def _ask_notification(*, actor: User, measure: Measure, notify: bool, reasons: str, reconsider_on: date | None) -> None:
    """The notification decision, asked again at every review. Keeping "tell the customer" needs no
    extra permission; withholding (or withholding again, with fresh reasons) is a decision-maker's or
    register manager's call, made through the letters app's own service."""
    if notify and measure.notify_decision == Measure.Notify.NOTIFY:
        return
    if not can(actor, Action.NOTIFY_DECISION, measure.council):
        raise ApplicationError("Only a decision-maker or register manager can decide whether the customer is told: "
                               "ask one to review this entry, or choose to tell the customer.", field="notify")
    measure_notification_decide(actor=actor, measure=measure, notify=notify, reasons=reasons, reconsider_on=reconsider_on)


def _vary(*, actor: User, measure: Measure, review: Review, why: str, terms: Terms | None) -> tuple[Measure, str]:
    """A "vary" outcome changes the entry's terms through the register (its next version, R57): refused if nothing
    changed. Returns the entry and what the review records as changed: why, then each change in words."""
    measure, changes = measure_vary(actor=actor, measure=measure, source=MeasureVersion.Source.REVIEW, note="at review",
                                    why=why, terms=terms or Terms(), data={"review": str(review.pk)})
    return measure, "\n".join([why, *changes])


@transaction.atomic
def review_complete(
    *, actor: User, measure: Measure, outcome: str, reasons: str, next_review_due: date | None = None, changed_terms: str = "",
    representations: str = "", partner_input: str = "", notify: bool = True, notify_reasons: str = "",
    notify_reconsider_on: date | None = None, terms: Terms | None = None,
) -> Review:
    """Record a review (domain d.6, R57). Continue or vary sets the next review date (default: the
    council's interval; at most 12 months from today) and restarts the 12-month limit from today (ADR 0006).
    Vary also changes the entry's terms (`terms`: precautions, restriction types, scope, risk…) as its next
    version, and `changed_terms` says why. Recommend removal leaves the entry live and unchanged until the
    Governance Group decides."""
    council = measure.council
    require(actor, Action.REVIEW_RECORD, council)
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    today = timezone.localdate()
    reasons, changed_terms = _clean_text(reasons, "reasons"), _clean_text(changed_terms, "changed_terms")
    representations, partner_input = _clean_text(representations, "representations"), _clean_text(partner_input, "partner_input")
    _check_outcome(outcome=outcome, reasons=reasons, changed_terms=changed_terms, next_review_due=next_review_due, today=today)
    continues = outcome in (Review.Outcome.CONTINUE, Review.Outcome.VARY)
    if continues:
        next_review_due = next_review_due or default_next_review(council=council, today=today)
    else:
        next_review_due, changed_terms = None, ""
    evidence = review_evidence(measure=measure)
    _ask_notification(actor=actor, measure=measure, notify=notify, reasons=notify_reasons, reconsider_on=notify_reconsider_on)
    review = Review(
        council=council, measure=measure, reviewer=actor, due_on=measure.review_due or today, completed_on=today, outcome=outcome,
        reasons=reasons, changed_terms=changed_terms, representations=representations, partner_input=partner_input,
        evidence_checks=evidence.checks, next_review_due=next_review_due, notify_customer=notify,
    )
    if outcome == Review.Outcome.VARY:
        measure, review.changed_terms = _vary(actor=actor, measure=measure, review=review, why=changed_terms, terms=terms)
        changed_terms = review.changed_terms
    review.full_clean()
    review.save()
    review.evidence_incidents.set(evidence.incidents)
    if continues:
        assert next_review_due is not None
        measure = measure_review_record(measure=measure, reviewed_on=today, review_due=next_review_due)
    audit_record(actor=actor, event=EventType.REVIEW_COMPLETED, council=council, subject=review, data={
        "measure": str(measure.pk), "outcome": outcome, "due_on": review.due_on.isoformat(), "notify": notify,
        "next_review_due": next_review_due.isoformat() if next_review_due else None, "incidents": len(evidence.incidents),
    })
    if continues and notify and measure.person_id:
        review.letter = letter_create(
            actor=actor, council=council, event=Event.REVIEW_OUTCOME, person=measure.person, measure=measure,  # type: ignore[arg-type]
            extra={"outcome": LETTER_OUTCOME[Review.Outcome(outcome)], "outcome_reasons": reasons, "changed_terms": changed_terms,
                   "review_due": next_review_due.isoformat() if next_review_due else ""},
        )
        review.save(update_fields=["letter", "updated_at"])
    return review


@transaction.atomic
def review_bring_forward(*, actor: User | None, measure: Measure, incident: Incident, today: date) -> ReviewDateChange | None:
    """A new incident linked to the measure (or about its person) brings the review to within the
    council's period (default one month). Never postpones; once per incident; recorded with why,
    even when the date was already sooner. `actor=None` is the daily run."""
    if incident.council_id != measure.council_id:
        raise ApplicationError("Choose an incident of this council.")
    measure = measure_lock(measure=measure)
    if measure.status not in LIVE_STATUSES or measure.review_due is None:
        return None
    existing = ReviewDateChange.objects.filter(measure=measure, incident=incident).first()
    if existing is not None:
        return existing
    previous = measure.review_due
    new_due = review_due_brought_forward(previous, today=today, months=review_settings_for(council=measure.council).bring_forward_months)
    change = ReviewDateChange(council=measure.council, measure=measure, incident=incident, previous_due=previous,
                              new_due=new_due, changed_by=actor if getattr(actor, "is_authenticated", False) else None)
    change.full_clean()
    change.save()
    if change.moved:
        measure = measure_review_date_set(measure=measure, review_due=change.new_due)
    audit_record(actor=actor, event=EventType.REVIEW_BROUGHT_FORWARD, council=measure.council, subject=measure, data={
        "incident": str(incident.pk), "previous_due": previous.isoformat(), "new_due": change.new_due.isoformat(), "moved": change.moved,
    })
    return change


def reviews_after_incident_linked(*, actor: User | None, incident: Incident, today: date) -> int:
    """Bring forward the review of every live measure about the incident's person, or linked to it.
    Called after an incident is linked to a person; the daily run catches any other route."""
    measures = Measure.objects.filter(council=incident.council_id, status__in=LIVE_STATUSES)
    about = measures.filter(other_incidents=incident)
    if incident.person_id:
        about = about | measures.filter(person_id=incident.person_id)
    moved = 0
    for measure in about.distinct():
        if incident.pk == measure.originating_incident_id or not new_incidents_for(
                measure=measure, since=evidence_since(measure=measure)).filter(pk=incident.pk).exists():
            continue
        change = review_bring_forward(actor=actor, measure=measure, incident=incident, today=today)
        moved += int(bool(change and change.moved))
    return moved


# --- The daily run ---
def reminder_due(*, review_due: date, today: date, days: list[int]) -> int | None:
    """The most urgent reminder threshold (days before) reached today, or None. Nothing once the date has passed:
    escalation takes over."""
    if review_due < today:
        return None
    reached = [d for d in days if today >= review_due - timedelta(days=d)]
    return min(reached) if reached else None


def _remind(*, measure: Measure, settings_row: ReviewSettings, today: date) -> int:
    assert measure.review_due is not None
    days = reminder_due(review_due=measure.review_due, today=today, days=settings_row.reminder_day_list)
    if days is None:
        return 0
    reminder, created = ReviewReminder.objects.get_or_create(
        measure=measure, kind=ReviewReminder.Kind.REMINDER, due_on=measure.review_due, days_before=days,
        defaults={"council": measure.council, "sent_on": today, "recipients": int(measure.owner.is_active)},
    )
    if not created:
        return 0
    if measure.owner.is_active:
        staff_email_queue(council=measure.council, recipients=[measure.owner.email], subject="A register entry you own is due for review",
                          path=reverse("reviews:review_record", kwargs={"measure_id": measure.pk}), key=f"review-reminder:{reminder.pk}")
    audit_record(actor=None, event=EventType.REVIEW_REMINDER_SENT, council=measure.council, subject=measure,
                 data={"due_on": measure.review_due.isoformat(), "days_before": days, "recipients": reminder.recipients})
    return 1


def _escalate(*, measure: Measure, today: date) -> int:
    assert measure.review_due is not None
    if measure.review_due >= overdue_cutoff(council=measure.council, today=today):
        return 0
    managers = role_holders(council=measure.council, role=Role.REGISTER_MANAGER)
    escalation, created = ReviewReminder.objects.get_or_create(
        measure=measure, kind=ReviewReminder.Kind.ESCALATION, due_on=measure.review_due, days_before=0,
        defaults={"council": measure.council, "sent_on": today, "recipients": len(managers)},
    )
    if not created:
        return 0
    staff_email_queue(council=measure.council, recipients=[m.email for m in managers], subject="A register entry's review is overdue",
                      path=reverse("reviews:review_record", kwargs={"measure_id": measure.pk}), key=f"review-escalation:{escalation.pk}")
    if not managers:
        logger.warning("Review overdue for measure %s but the council has no register manager to escalate to", measure.pk)
    audit_record(actor=None, event=EventType.REVIEW_ESCALATED, council=measure.council, subject=measure,
                 data={"due_on": measure.review_due.isoformat(), "recipients": escalation.recipients})
    return 1


@transaction.atomic
def review_daily_for_measure(*, measure_id: UUID, today: date) -> Counter[str]:
    """One measure's daily work, in its own transaction: new incidents, reminder, escalation."""
    counts: Counter[str] = Counter()
    measure = Measure.objects.select_for_update(of=("self",)).select_related("council", "owner").get(pk=measure_id)
    if measure.status not in LIVE_STATUSES or measure.review_due is None:
        return counts
    considered = ReviewDateChange.objects.filter(measure=measure, incident__isnull=False).values_list("incident_id", flat=True)
    for incident in new_incidents_for(measure=measure, since=evidence_since(measure=measure)).exclude(pk__in=considered):
        change = review_bring_forward(actor=None, measure=measure, incident=incident, today=today)
        counts["brought_forward"] += int(bool(change and change.moved))
        measure.refresh_from_db(fields=["review_due"])
    settings_row = review_settings_for(council=measure.council)
    counts["reminders_sent"] += _remind(measure=measure, settings_row=settings_row, today=today)
    counts["escalations_sent"] += _escalate(measure=measure, today=today)
    return counts


def reviews_daily(*, today: date) -> dict[str, int]:
    """Reminders, escalations and bring-forwards for every council. Twice on one day sends nothing the
    second time (every count is 0). A failure on one measure is logged and counted; the others still run."""
    counts: Counter[str] = Counter({"reminders_sent": 0, "escalations_sent": 0, "brought_forward": 0, "errors": 0})
    for council in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name"):
        for measure_id in Measure.objects.filter(council=council, status__in=LIVE_STATUSES).order_by("review_due").values_list("pk", flat=True):
            try:
                counts.update(review_daily_for_measure(measure_id=measure_id, today=today))
            except Exception:  # noqa: BLE001 - one measure's failure must not stop the others' reminders
                logger.exception("Daily review work failed for measure %s", measure_id)
                counts["errors"] += 1
    return dict(counts)


@transaction.atomic
def review_settings_update(
    *, actor: User, council: Organisation, reminder_days: str, grace_days: int, bring_forward_months: int, long_lived_months: int,
) -> ReviewSettings:
    require(actor, Action.REVIEW_SETTINGS_EDIT, council)
    settings_row = ReviewSettings.objects.select_for_update().get(pk=review_settings_for(council=council).pk)
    try:
        days = parse_reminder_days(reminder_days)
    except ValidationError as exc:
        raise ApplicationError("Enter days before the review date separated by commas, for example 30,7 (1 to 90).",
                               field="reminder_days") from exc
    settings_row.reminder_days = ",".join(str(d) for d in days)
    settings_row.grace_days, settings_row.bring_forward_months, settings_row.long_lived_months = (
        grace_days, bring_forward_months, long_lived_months)
    settings_row.full_clean()
    settings_row.save()
    audit_record(actor=actor, event=EventType.REVIEW_SETTINGS_CHANGED, council=council, subject=settings_row, data={
        "reminder_days": settings_row.reminder_days, "grace_days": grace_days, "bring_forward_months": bring_forward_months,
        "long_lived_months": long_lived_months})
    return settings_row
