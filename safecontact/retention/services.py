"""Writes for retention: the daily sweep, the council's periods, legal holds.

`retention_sweep(today=…)` is the daily entry point (called by `manage.py run_daily`). For each
council it disposes of every record that is due, ONE record (with the rows that belong to it) per
transaction: the record, its disposal-log count and one audit event for each row disposed of (its type
and id, never its contents) commit together, so a run interrupted half way, even killed, leaves each
record either untouched or fully disposed of AND audited, and the next run carries on. A record is
re-checked inside its transaction, so a second run the same day does nothing.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import council_settings_for
from safecontact.audit.bulk import PendingEvent, audit_record_many
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.cases.models import Case
from safecontact.core.exceptions import ApplicationError
from safecontact.people.models import Person
from safecontact.retention import selectors
from safecontact.retention.disposal import STEPS, Context, Outcome
from safecontact.retention.models import DisposalLog, LegalHold, RetentionOverride
from safecontact.retention.policies import RULES, RecordClass, check_months, rule_for

logger = logging.getLogger(__name__)
SWEPT_CLASSES = tuple(r.record_class.value for r in RULES if r.record_class not in (RecordClass.RIDDOR_INCIDENT, RecordClass.AUDIT_EVENT))


class RetentionSweepError(Exception):
    """Some records could not be disposed of (each left untouched); the rest were. Names classes and
    error types only: exception messages may quote personal data."""

    def __init__(self, errors: list[str], counts: dict[str, int]) -> None:
        super().__init__(f"Retention sweep finished with {len(errors)} error(s): " + "; ".join(errors))
        self.errors, self.counts = errors, counts


# --- The sweep -----------------------------------------------------------------------------------

def retention_sweep(*, today: date) -> dict[str, int]:
    """Dispose of everything due on `today` in every council. Returns counts per record class; raises
    RetentionSweepError at the end if any record failed (after disposing of all the others)."""
    totals: Counter[str] = Counter(dict.fromkeys(SWEPT_CLASSES, 0))
    errors: list[str] = []
    for council in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("slug"):
        counts, council_errors = retention_sweep_council(council=council, today=today)
        totals.update(counts)
        errors += council_errors
    result = dict(totals)
    if errors:
        raise RetentionSweepError(errors, result)
    return result


def retention_sweep_council(*, council: Organisation, today: date) -> tuple[dict[str, int], list[str]]:
    periods = selectors.retention_periods(council=council)
    holds = selectors.holds_for(council=council)
    context = Context(incident_may_go=selectors.incident_may_go(council=council, today=today, periods=periods, holds=holds))
    done: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for key, dispose in STEPS:
        record_class = RecordClass.WARNING.value if key == "informal_warning" else key
        # Re-read after each step: an entry disposed of a moment ago frees its incidents, case and person.
        due = selectors.due_querysets(council=council, today=today, periods=periods, holds=holds)[key]
        for pk in list(due.values_list("pk", flat=True).distinct()):
            outcome = Outcome()
            try:
                with transaction.atomic():
                    record = due.model._base_manager.select_for_update().filter(pk=pk).first()
                    if record is None or not due.filter(pk=pk).exists():
                        continue  # disposed of by another run, or no longer due
                    dispose(record, outcome, context)
                    _log(council=council, today=today, counts=outcome.counts)
                    _audit(council=council, today=today, outcome=outcome)
            except Exception as error:
                logger.exception("Retention: could not dispose of a %s record", record_class)
                errors.append(f"{record_class}: {type(error).__name__}")
                with transaction.atomic():
                    audit_record(actor=None, event=EventType.RETENTION_SWEEP_ERROR, council=council,
                                 data={"record_class": record_class, "error": type(error).__name__, "disposed_on": today.isoformat()})
                continue
            done.update(outcome.counts)
            _remove_files(outcome)
    counts: Counter[str] = Counter()
    for (record_class, _action), count in done.items():
        counts[record_class] += count
    return dict(counts), errors


def _log(*, council: Organisation, today: date, counts: Counter[tuple[str, str]]) -> None:
    """Adds to today's disposal-log rows inside the record's own transaction: the log never disagrees."""
    for (record_class, action), count in counts.items():
        row, _ = DisposalLog.objects.get_or_create(council=council, record_class=record_class, action=action,
                                                   disposed_on=today, defaults={"count": 0})
        DisposalLog.objects.filter(pk=row.pk).update(count=F("count") + count)


def _audit(*, council: Organisation, today: date, outcome: Outcome) -> None:
    """One event per row disposed of, inside the record's own transaction: no row is ever gone unaudited.
    The subject is the row's type and id only (the row itself no longer exists, or holds nothing personal)."""
    audit_record_many(council=council, events=[
        PendingEvent(actor=None, event=EventType.RETENTION_DISPOSED, subject=done.model(pk=done.pk),
                     data={"record_class": done.record_class, "action": done.action, "disposed_on": today.isoformat()})
        for done in outcome.records])


def _remove_files(outcome: Outcome) -> None:
    for storage, name in outcome.files:
        try:
            storage.delete(name)
        except OSError:  # the row is gone; a file left behind is found by `name` in the storage listing
            logger.exception("Retention: could not remove a file from storage")


# --- Periods -------------------------------------------------------------------------------------

@transaction.atomic
def retention_period_set(*, actor: User, council: Organisation, record_class: str, months: int, reason: str) -> int:
    """Set the council's period for one class, within the table's limits. The default removes the override."""
    require(actor, Action.RETENTION_EDIT, council)
    rule = rule_for(record_class)
    problem = check_months(record_class, months)
    if problem:
        raise ApplicationError(problem, field="months")
    if not reason.strip():
        raise ApplicationError("Say why the council keeps these records for this period.", field="reason")
    previous = selectors.retention_periods(council=council)[rule.record_class.value]
    if rule.council_setting:
        settings_row = council_settings_for(council=council)
        setattr(settings_row, rule.council_setting, months)
        settings_row.full_clean()
        settings_row.save()
    elif months == rule.default_months:
        RetentionOverride.objects.filter(council=council, record_class=rule.record_class.value).delete()
    else:
        override, _ = RetentionOverride.objects.update_or_create(
            council=council, record_class=rule.record_class.value,
            defaults={"months": months, "reason": reason.strip(), "changed_by": actor})
        override.full_clean()
    audit_record(actor=actor, event=EventType.RETENTION_PERIOD_CHANGED, council=council,
                 data={"record_class": rule.record_class.value, "months": months, "previous_months": previous})
    return months


# --- Legal holds ---------------------------------------------------------------------------------

@transaction.atomic
def legal_hold_place(*, actor: User, council: Organisation, reason: str, person: Person | None = None,
                     case: Case | None = None) -> LegalHold:
    require(actor, Action.LEGAL_HOLD_PLACE, council)
    if (person is None) == (case is None):
        raise ApplicationError("Choose either a person or a case to hold.")
    subject: Any = person or case
    if subject.council_id != council.pk:
        raise ApplicationError("No such record in this council.")
    if not reason.strip():
        raise ApplicationError("Give the reason for the hold: the claim, request or investigation.", field="reason")
    active = LegalHold.objects.filter(council=council, lifted_at__isnull=True)
    if active.filter(person=person, case=case).exists():
        raise ApplicationError("That record is already on hold.")
    hold = LegalHold(council=council, person=person, case=case, subject_kind="person" if person else "case",
                     reason=reason.strip(), placed_by=actor, placed_at=timezone.now())
    hold.full_clean()
    hold.save()
    audit_record(actor=actor, event=EventType.LEGAL_HOLD_PLACED, council=council, subject=hold,
                 data={"subject_kind": hold.subject_kind, "subject_id": str(subject.pk)})
    return hold


@transaction.atomic
def legal_hold_lift(*, actor: User, hold: LegalHold, reason: str) -> LegalHold:
    require(actor, Action.LEGAL_HOLD_PLACE, hold.council)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise ApplicationError("This hold has already been lifted.")
    if not reason.strip():
        raise ApplicationError("Give the reason for lifting the hold.", field="reason")
    hold.lifted_by, hold.lifted_at, hold.lift_reason = actor, timezone.now(), reason.strip()
    hold.full_clean()
    hold.save()
    audit_record(actor=actor, event=EventType.LEGAL_HOLD_LIFTED, council=hold.council, subject=hold,
                 data={"subject_kind": hold.subject_kind})
    return hold
