"""Writes for rectification, restriction and objection requests (R79). Each one owns its transaction, checks the
permission again, locks the request and reads it again before changing it, and writes its audit event inside.

What the register holds is corrected by its own app's pages and services (one writer per model): an upheld request
records what was corrected, and the outcome letter tells the customer, but this app never saves another app's rows.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.incidents.models import Incident
from safecontact.letters.models import Event
from safecontact.letters.services import letter_create
from safecontact.people.models import Person
from safecontact.register.models import Measure

from . import clock
from .models import RectificationRequest

TEXT_MAX = 5000


def _text(value: str, *, field: str, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(empty, field=field)
    if len(value) > TEXT_MAX:
        raise ApplicationError(f"Keep this under {TEXT_MAX} characters.", field=field)
    return value


def _check_record(*, council: Organisation, person: Person, measure: Measure | None, incident: Incident | None) -> None:
    if person.council_id != council.pk or person.merged_into_id:
        raise ApplicationError("Choose a current customer record of this council.")
    if measure is not None and (measure.council_id != council.pk or measure.person_id != person.pk):
        raise ApplicationError("Choose a register entry about this customer.", field="measure")
    if incident is not None and (incident.council_id != council.pk or incident.person_id != person.pk):
        raise ApplicationError("Choose an incident report about this customer.", field="incident")


@transaction.atomic
def rectification_record(
    *, actor: User, council: Organisation, person: Person, kind: str, channel: str, what_is_wrong: str, received_on: date,
    measure: Measure | None = None, incident: Incident | None = None,
) -> RectificationRequest:
    """Record a request and start the one-month clock. From now until it is decided the record is disputed."""
    require(actor, Action.RECTIFICATION_RECORD, council)
    _check_record(council=council, person=person, measure=measure, incident=incident)
    if kind not in RectificationRequest.Kind.values:
        raise ApplicationError("Choose what the customer is asking for.", field="kind")
    if channel not in RectificationRequest.Channel.values:
        raise ApplicationError("Choose how the request was received.", field="channel")
    if received_on > timezone.localdate():
        raise ApplicationError("The date received must be today or in the past.", field="received_on")
    request = RectificationRequest(
        council=council, reference=next_reference(model=RectificationRequest, council=council, prefix="RCT"), person=person,
        measure=measure, incident=incident, kind=kind, channel=channel, received_on=received_on,
        what_is_wrong=_text(what_is_wrong, field="what_is_wrong", empty="Enter what the customer says is wrong"),
        due_on=clock.due_date(received_on), recorded_by=actor,
    )
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.RECTIFICATION_RECORDED, council=council, subject=request,
                 data={"person": str(person.pk), "measure": str(measure.pk) if measure else None,
                       "incident": str(incident.pk) if incident else None, "kind": kind, "due_on": request.due_on.isoformat()})
    return request


def _lock_open(request: RectificationRequest) -> RectificationRequest:
    """The request's row, locked and read again: someone else may have decided it since the page was opened."""
    fresh = RectificationRequest.objects.select_for_update(of=("self",)).select_related("person", "measure", "incident").get(
        pk=request.pk)
    if not fresh.is_open:
        when = timezone.localtime(fresh.decided_at).strftime("%-d %B %Y at %H:%M") if fresh.decided_at else "earlier"
        raise ApplicationError(f"This request has already been decided ({fresh.get_status_display().lower()}, {when}).")
    return fresh


@transaction.atomic
def rectification_extend(*, actor: User, request: RectificationRequest, reason: str) -> RectificationRequest:
    """Extend the clock by two months for a complex request. The customer must be told within the first month, so
    the extension is refused once the first month has run out."""
    require(actor, Action.RECTIFICATION_DECIDE, request.council)
    request = _lock_open(request)
    if request.extended_due_on is not None:
        raise ApplicationError("This request has already been extended. It can be extended only once.")
    if timezone.localdate() > request.due_on:
        raise ApplicationError("The first month has ended: a request can be extended only within its first month.")
    request.extension_reason = _text(reason, field="reason", empty="Enter why the request needs more time")
    request.extended_due_on = clock.extended_due_date(request.received_on)
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.RECTIFICATION_EXTENDED, council=request.council, subject=request,
                 data={"due_on": request.due_on.isoformat(), "extended_due_on": request.extended_due_on.isoformat()})
    return request


@transaction.atomic
def rectification_statement_add(*, actor: User, request: RectificationRequest, statement: str) -> RectificationRequest:
    """Attach (or replace) the customer's supplementary statement. Allowed after a refusal too: where the council
    keeps the record as it is, the customer's own account is shown beside it (domain E27)."""
    require(actor, Action.RECTIFICATION_RECORD, request.council)
    request = RectificationRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.status == RectificationRequest.Status.UPHELD:
        raise ApplicationError("This request was upheld and the record corrected, so no statement is shown beside it.")
    replaced = bool(request.statement)
    request.statement = _text(statement, field="statement", empty="Enter the customer's statement")
    request.statement_added_on = timezone.localdate()
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.RECTIFICATION_STATEMENT_ADDED, council=request.council, subject=request,
                 data={"replaced": replaced})
    return request


OUTCOMES = (RectificationRequest.Status.UPHELD, RectificationRequest.Status.PARTLY_UPHELD, RectificationRequest.Status.REFUSED)


@transaction.atomic
def rectification_decide(
    *, actor: User, request: RectificationRequest, outcome: str, reasons: str, correction: str = "",
) -> RectificationRequest:
    """Decide the request: the record stops being disputed, and the outcome letter (reasons, and the right to complain
    to the Information Commissioner) is prepared for the register officers to check and issue."""
    require(actor, Action.RECTIFICATION_DECIDE, request.council)
    request = _lock_open(request)
    if outcome not in OUTCOMES:
        raise ApplicationError("Choose the outcome.", field="outcome")
    reasons = _text(reasons, field="reasons", empty="Enter the reasons for the decision")
    correction = (correction or "").strip()
    if outcome != RectificationRequest.Status.REFUSED and not correction:
        raise ApplicationError("Say what was corrected or restricted.", field="correction")
    if len(correction) > TEXT_MAX:
        raise ApplicationError(f"Keep this under {TEXT_MAX} characters.", field="correction")
    request.status, request.decision_reasons, request.correction = outcome, reasons, correction
    request.decided_by, request.decided_at = actor, timezone.now()
    request.outcome_letter = letter_create(
        actor=actor, council=request.council, event=Event.RECTIFICATION_OUTCOME, person=request.person, measure=request.measure,
        incident=request.incident,
        extra={"request_reference": request.reference, "request_kind": request.kind, "outcome": outcome,
               "outcome_reasons": reasons, "correction": correction, "received_on": request.received_on.isoformat(),
               "has_statement": bool(request.statement)},
    )
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.RECTIFICATION_DECIDED, council=request.council, subject=request,
                 data={"outcome": outcome, "letter": str(request.outcome_letter.pk),
                       "late": timezone.localdate(request.decided_at) > request.respond_by})
    return request
