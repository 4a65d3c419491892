"""Changes to a live entry that other apps ask for (issue 11 "one owner": only the register's services write a
register entry): a review's dates, a variation of its terms (a new approved version, R57), and whether the customer
is told (R37). The callers (reviews, appeals, letters) check their own permission and may hold the lock from
`measure_lock`; each function here locks again (cheap inside the same transaction) so it is safe on its own."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecontact.accounts.models import User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.register.models import LIVE_STATUSES, Measure, MeasureVersion, Precaution, RestrictionType
from safecontact.register.review_dates import review_due_problem
from safecontact.register.services import measure_lock
from safecontact.register.versions import VALUE_TERMS, version_record

_VALUE_TERMS = VALUE_TERMS
_LIST_TERMS = ("precautions", "restriction_types")
_LABELS = {"risk_impact": "Impact", "risk_likelihood": "Likelihood", "risk_description": "Risk", "advice": "Advice",
           "scope": "Scope", "scope_justification": "Scope justification", "permitted_channels": "Permitted channels",
           "phone_limits": "Phone limits", "premises_excluded": "Premises excluded from",
           "mandatory_services_route": "Route to mandatory services", "precautions": "Precautions",
           "restriction_types": "Restrictions"}


@dataclass
class Terms:
    """New terms for a live entry. None keeps the current value."""

    risk_impact: int | None = None
    risk_likelihood: int | None = None
    risk_description: str | None = None
    advice: str | None = None
    precautions: list[Precaution] | None = None
    restriction_types: list[RestrictionType] | None = None
    scope: str | None = None
    scope_justification: str | None = None
    permitted_channels: str | None = None
    phone_limits: str | None = None
    premises_excluded: str | None = None
    mandatory_services_route: str | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) is None for f in fields(self))


def _current(measure: Measure) -> dict[str, Any]:
    now: dict[str, Any] = {name: getattr(measure, name) for name in _VALUE_TERMS}
    now["precautions"] = sorted(measure.precautions.all(), key=lambda p: p.label)
    now["restriction_types"] = sorted(measure.restriction_types.all(), key=lambda r: r.label)
    return now


def _describe(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed, for people: "Precautions: Visit in pairs → Visit in pairs; Meet only at council offices"."""

    def shown(value: Any) -> str:
        if isinstance(value, list):
            return "; ".join(str(v) for v in value) or "none"
        return str(value) if value not in (None, "") else "none"

    return [f"{_LABELS[name]}: {shown(before[name])} \u2192 {shown(after[name])}"
            for name in (*_VALUE_TERMS, *_LIST_TERMS) if before[name] != after[name]]


def _validate(measure: Measure, after: dict[str, Any]) -> None:
    council_id = measure.council_id
    if measure.kind == Measure.Kind.SAFETY_MARKER:
        if not after["precautions"]:
            raise ApplicationError("Choose at least one precaution.", field="precautions")
        if not (after["risk_description"] or "").strip():
            raise ApplicationError("Describe the risk in a sentence or two: facts, not opinion.", field="risk_description")
        if not (after["risk_impact"] in range(1, 6) and after["risk_likelihood"] in range(1, 7)):
            raise ApplicationError("Choose the impact (1 to 5) and the likelihood (1 to 6).", field="risk_impact")
    else:
        if not after["restriction_types"]:
            raise ApplicationError("Choose at least one type of restriction.", field="restriction_types")
        if not (after["mandatory_services_route"] or "").strip():
            raise ApplicationError("Say how the customer can still reach mandatory services.", field="mandatory_services_route")
        if after["scope"] == Measure.Scope.ORGANISATION_WIDE and not (after["scope_justification"] or "").strip():
            raise ApplicationError("An organisation-wide restriction needs a justification.", field="scope_justification")
    for item in (*after["precautions"], *after["restriction_types"]):
        if item.council_id not in (None, council_id):
            raise ApplicationError("Choose from this council's lists.")


@transaction.atomic
def measure_vary(*, actor: User, measure: Measure, source: str, note: str, why: str, terms: Terms,
                 review_due: date | None = None, data: dict[str, Any] | None = None) -> tuple[Measure, list[str]]:
    """Varies a live entry (R57): its precautions, restriction types, scope and risk change, and the change is the
    entry's next approved version (history kept: who, when, why). Checks show the new terms from the commit.
    `note` says where, e.g. "at review" or "on appeal APL-0001". A new review date stays within 12 months of
    approval: a variation does not restart the limit. Returns the entry and what changed, in words."""
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    if not why.strip():
        raise ApplicationError("Say why the entry is varied.", field="why")
    before = _current(measure)
    after = dict(before)
    for name in (*_VALUE_TERMS, *_LIST_TERMS):
        value = getattr(terms, name)
        if value is not None:
            after[name] = sorted(value, key=lambda item: item.label) if name in _LIST_TERMS else value
    _validate(measure, after)
    changes = _describe(before, after)
    if not changes and review_due is None:
        otherwise = "record the review as continued" if source == MeasureVersion.Source.REVIEW else "uphold the appeal"
        raise ApplicationError(f"Nothing was changed: change the terms, or {otherwise}.")
    if not measure.versions.exists():  # entries approved before versions were kept: their approved terms come first
        version_record(measure=measure, source=MeasureVersion.Source.APPROVAL, actor=measure.approved_by, at=measure.approved_at,
                       why="Terms as approved")
    today = timezone.localdate()
    if review_due is not None:
        if review_due_problem(review_due, today=today, start=measure.approved_on or today) is not None:
            raise ApplicationError("The new review date must be in the future and within 12 months of approval.", field="review_due")
        measure.review_due = review_due
    for name in _VALUE_TERMS:
        setattr(measure, name, after[name])
    if changes:
        measure.reasons = f"{measure.reasons}\n\nVaried {note}: {why.strip()} ({'; '.join(changes)})"
    measure.full_clean(exclude=["subject_key"])  # pragma: no mutate: equivalent, a live entry already holds its key
    measure.save()
    measure.precautions.set(after["precautions"])
    measure.restriction_types.set(after["restriction_types"])
    version = version_record(measure=measure, source=source, actor=actor, note=note, why=why.strip())
    audit_record(actor=actor, event=EventType.MEASURE_VARIED, council=measure.council, subject=measure,
                 data={**(data or {}), "version": version.number, "changed": [c.split(":")[0] for c in changes],
                       "review_due": review_due.isoformat() if review_due else None})
    return measure, changes


@transaction.atomic
def measure_review_record(*, measure: Measure, reviewed_on: date, review_due: date, changed_terms: str = "") -> Measure:
    """A review continued or varied the measure: the next review date is set and the 12-month limit restarts from
    the review (ADR 0006); varied terms are added to the reasons. The review's own event (review.completed),
    written by the reviews service in the same transaction, records it."""
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    measure.review_due, measure.approved_on = review_due, reviewed_on
    if changed_terms:
        measure.reasons = f"{measure.reasons}\n\nVaried at review on {reviewed_on:%d/%m/%Y}: {changed_terms}"
    measure.save(update_fields=["review_due", "approved_on", "reasons", "updated_at"])  # pragma: no mutate: equivalent, measure_lock() has just re-read the row
    return measure


@transaction.atomic
def measure_review_date_set(*, measure: Measure, review_due: date) -> Measure:
    """Moves the review date without restarting the 12-month limit (a review brought forward after a new incident).
    The caller's event (review.brought_forward) records why, in the same transaction."""
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    measure.review_due = review_due
    measure.save(update_fields=["review_due", "updated_at"])  # pragma: no mutate: equivalent, measure_lock() has just re-read the row
    return measure


@transaction.atomic
def measure_notification_set(*, actor: User, measure: Measure, notify: bool, withheld_reasons: str = "",
                             reconsider_on: date | None = None) -> Measure:
    """Records whether the customer is told (domain R37). Letters decides and checks the reasons and date
    (`letters.services.measure_notification_decide`); the register writes the measure and the event."""
    measure = measure_lock(measure=measure)
    if notify:
        measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on = Measure.Notify.NOTIFY, "", None
    else:
        measure.notify_decision, measure.notify_withheld_reasons = Measure.Notify.WITHHELD, withheld_reasons
        measure.notify_reconsider_on = reconsider_on
    measure.notify_decided_by, measure.notify_decided_at = actor, timezone.now()
    measure.save(update_fields=["notify_decision", "notify_withheld_reasons", "notify_reconsider_on", "notify_decided_by",
                                "notify_decided_at", "updated_at"])
    audit_record(actor=actor, event=EventType.MEASURE_NOTIFICATION_DECIDED, council=measure.council, subject=measure,
                 data={"notify": notify, "reconsider_on": reconsider_on.isoformat() if reconsider_on and not notify else None})
    return measure
