"""Writes for subject access requests (R78). Each one checks the DPO's permission, locks and re-reads the request
for a change of state, and writes its audit event in the same transaction. Audit data holds identifiers and flags
only: never a redacted text or a reason (they may name the very people being protected)."""

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
from safecontact.people.models import Person
from safecontact.subject_access import clock
from safecontact.subject_access.models import Redaction, SubjectAccessRequest

Status = SubjectAccessRequest.Status
# What may follow what: a bundle is made ready, then sent, then the request closed. A ready bundle can be reopened
# for more redactions; a request withdrawn before it is answered is closed.
NEXT: dict[str, tuple[str, ...]] = {Status.OPEN: (Status.READY, Status.CLOSED), Status.READY: (Status.SENT, Status.OPEN),
                                    Status.SENT: (Status.CLOSED,), Status.CLOSED: ()}


def _locked(request: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().get(pk=request.pk)


@transaction.atomic
def sar_start(*, actor: User, council: Organisation, person: Person, received_on: date) -> SubjectAccessRequest:
    require(actor, Action.SUBJECT_ACCESS_HANDLE, council)
    if person.council_id != council.pk:
        raise ApplicationError("No such person in this council.")
    if received_on > timezone.localdate():
        raise ApplicationError("The date the request was received must be today or in the past", field="received_on")
    request = SubjectAccessRequest(
        council=council, reference=next_reference(model=SubjectAccessRequest, council=council, prefix="SAR"), person=person,
        received_on=received_on, due_on=clock.due_on(received_on), handler=actor, created_by=actor)
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.SUBJECT_ACCESS_STARTED, council=council, subject=request,
                 data={"person": str(person.pk), "due_on": request.due_on.isoformat()})
    return request


@transaction.atomic
def sar_extend(*, actor: User, request: SubjectAccessRequest, months: int, reason: str) -> SubjectAccessRequest:
    """Up to two further months for a complex request, once (UK GDPR Art. 12(3)); the person must be told why within
    the first month, so an extension after the first deadline is refused."""
    require(actor, Action.SUBJECT_ACCESS_HANDLE, request.council)
    request = _locked(request)
    if request.extension_months:
        raise ApplicationError("This request has already been extended. A deadline can be extended only once.")
    if request.is_answered:
        raise ApplicationError("This request has been answered: there is no deadline to extend.")
    if months not in range(1, clock.MAX_EXTENSION_MONTHS + 1):
        raise ApplicationError("Choose an extension of one or two months", field="months")
    if not reason.strip():
        raise ApplicationError("Enter why the request needs more time", field="reason")
    if request.due_on < timezone.localdate():
        raise ApplicationError("The first deadline has passed: an extension must be decided, and the person told, within it.")
    request.extension_months, request.extension_reason = months, reason.strip()
    request.extended_by, request.extended_at = actor, timezone.now()
    request.due_on = clock.due_on(request.received_on, extension_months=months)
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.SUBJECT_ACCESS_EXTENDED, council=request.council, subject=request,
                 data={"months": months, "due_on": request.due_on.isoformat()})
    return request


@transaction.atomic
def redaction_add(*, actor: User, request: SubjectAccessRequest, item_key: str, item_title: str = "", field: str = "",
                  field_label: str = "", text: str = "", reason: str) -> Redaction:
    """One redaction, logged: who, when, which item, what, and why."""
    require(actor, Action.SUBJECT_ACCESS_HANDLE, request.council)
    request = _locked(request)
    if request.is_answered:
        raise ApplicationError("The bundle has been sent: it cannot be changed now.")
    if not field and not text.strip():
        raise ApplicationError("Choose a detail to redact, or enter the words to redact", field="text")
    if text.strip() and len(text.strip()) < 2:
        raise ApplicationError("Enter at least two characters to redact", field="text")
    if not reason.strip():
        raise ApplicationError("Enter why this is redacted", field="reason")
    redaction = Redaction(council=request.council, request=request, item_key=item_key, item_title=item_title[:200], field=field,
                          field_label=field_label[:120], text=text.strip(), reason=reason.strip(), redacted_by=actor)
    redaction.full_clean()
    redaction.save()
    audit_record(actor=actor, event=EventType.SUBJECT_ACCESS_REDACTED, council=request.council, subject=request,
                 data={"redaction": str(redaction.pk), "item": item_key or "every item", "field": field,
                       "by_text": bool(redaction.text)})
    return redaction


@transaction.atomic
def sar_status_set(*, actor: User, request: SubjectAccessRequest, status: str, sent_on: date | None = None) -> SubjectAccessRequest:
    require(actor, Action.SUBJECT_ACCESS_HANDLE, request.council)
    request = _locked(request)
    if status not in NEXT.get(request.status, ()):
        raise ApplicationError(f"A request that is {request.get_status_display().lower()} cannot be moved to that step.")
    before = request.status
    request.status = status
    if status == Status.SENT:
        request.sent_on = sent_on or timezone.localdate()
    if status == Status.CLOSED:
        request.closed_at = timezone.now()
    request.full_clean()
    request.save()
    audit_record(actor=actor, event=EventType.SUBJECT_ACCESS_STATUS_CHANGED, council=request.council, subject=request,
                 data={"from": before, "to": status})
    return request


def bundle_download_record(*, actor: User, request: SubjectAccessRequest, kind: str, redactions: int) -> None:
    """A copy of the bundle leaving the service is an event: which request, which format, how many redactions."""
    require(actor, Action.SUBJECT_ACCESS_HANDLE, request.council)
    with transaction.atomic():
        audit_record(actor=actor, event=EventType.SUBJECT_ACCESS_DOWNLOADED, council=request.council, subject=request,
                     data={"format": kind, "redactions": redactions, "person": str(request.person_id)})
