"""Writes for emails to staff: queue one in the caller's transaction, and try a failed one again.

Every email to staff goes through here: nothing talks to the email server inside a request or a daily step.
An email is a subject and a link (never personal data, not even a reference), because email leaves the
council's systems. Sending is notifications/outbox.py, run by the background worker."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.notifications.models import StaffEmail

FOOTER = "This email contains no details, to keep them safe. Sign in to Safe Contact to read them."


def link_body(*, subject: str, path: str) -> str:
    return f"{subject}.\n\nOpen it here: {settings.SITE_URL.rstrip('/')}{path}\n\n{FOOTER}\n"


def staff_email_queue(*, council: Organisation, recipients: Iterable[str], subject: str, path: str,
                      key: str = "") -> StaffEmail | None:
    """Queue an email with a link, in the caller's transaction: it exists if and only if the caller's change
    commits. `key` names the event (one event, one email); a second call with the same key queues nothing.
    Nothing is queued when nobody is to receive it."""
    addresses = sorted({address.strip() for address in recipients if address and address.strip()})
    if not addresses:
        return None
    key = key or f"once:{uuid.uuid4()}"
    existing = StaffEmail.objects.filter(key=key).first()
    if existing is not None:
        return existing
    email = StaffEmail(council=council, key=key, recipients=addresses, subject=subject[:200],
                       body=link_body(subject=subject, path=path), next_attempt_at=timezone.now())
    email.full_clean(validate_unique=False)  # the key was looked up above; the unique index settles a race
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin leaves the caller's transaction usable
            email.save(force_insert=True)
    except IntegrityError:
        return StaffEmail.objects.get(key=key)
    transaction.on_commit(wake_sender, robust=True)
    return email


def wake_sender() -> None:
    """Ask the worker to send now. `robust` on_commit: a failure to enqueue never fails the request that
    committed the email; the follow-up or the daily sweep sends it."""
    from safecontact.notifications.tasks import deliver_staff_emails

    deliver_staff_emails.enqueue()


@transaction.atomic
def staff_email_retry(*, actor: User, email: StaffEmail) -> StaffEmail:
    """Send again now: an email that could not be sent, or one waiting for its next try."""
    require(actor, Action.STAFF_EMAIL_RETRY, email.council)
    email = StaffEmail.objects.select_for_update().select_related("council").get(pk=email.pk)
    if email.status == StaffEmail.Status.SENT:
        raise ApplicationError("This email has been sent.")
    _requeue(actor=actor, email=email)
    return email


@transaction.atomic
def staff_emails_retry_failed(*, actor: User, council: Organisation) -> int:
    """Send again every email to this council's staff that could not be sent. Returns how many."""
    require(actor, Action.STAFF_EMAIL_RETRY, council)
    failed = StaffEmail.objects.select_for_update().filter(council=council, status=StaffEmail.Status.FAILED).select_related("council")
    count = 0
    for email in failed:
        _requeue(actor=actor, email=email)
        count += 1
    return count


def _requeue(*, actor: User, email: StaffEmail) -> None:
    was = email.status
    email.status, email.next_attempt_at = StaffEmail.Status.PENDING, timezone.now()
    if was == StaffEmail.Status.FAILED:
        email.attempts = 0  # a fresh set of tries, with the same backoff
    email.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
    audit_record(actor=actor, event=EventType.STAFF_EMAIL_REQUEUED, council=email.council, subject=email,
                 data={"was": was, "recipients": len(email.recipients)})
    transaction.on_commit(wake_sender, robust=True)
