"""The sender: claims due emails to staff, sends them through Django's email backend, and records the result.

Claims and leases are core/outbox.py's (SKIP LOCKED on PostgreSQL, a conditional UPDATE on SQLite). An email is
marked sent by one UPDATE that also confirms this sender still holds the claim, after the server accepted it.
A failure keeps it waiting with a growing delay (2, 4, 8… minutes); after MAX_ATTEMPTS it is marked as could
not be sent, shown to the register manager (home page, emails page) with a button to try again.

At least once, honestly: if the process dies after the email server accepted an email and before the UPDATE
commits, the claim expires and the email is sent a second time, with the same Message-ID (the row's id).
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.outbox import claim_due, release_stale_claims, retry_delay, worker_name
from safecontact.notifications.models import StaffEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 8  # about four hours of tries (2 + 4 + … + 128 minutes) before a person is asked to look
KEEP_SENT = timedelta(days=90)
MESSAGE_DOMAIN = "staff-email.safecontact"
PENDING = StaffEmail.Status.PENDING
# The server answered and refused this one message; other errors mean it could not be reached at all.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class NotAcceptedError(Exception):
    """The backend returned without sending (it reported no message sent)."""


def message_id(email: StaffEmail) -> str:
    return f"<{email.pk}@{MESSAGE_DOMAIN}>"


def problem(error: Exception) -> str:
    """What went wrong, in words, with the kind of error for the system administrator. Never the message
    itself: a server's reply can echo the addresses."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        text = "The email server refused the service's sign-in"
    elif isinstance(error, REFUSED):
        text = "The email server refused this email"
    elif isinstance(error, NotAcceptedError):
        text = "The email server did not accept this email"
    else:
        text = "The email server could not be reached"
    code = getattr(error, "smtp_code", None)
    return f"{text} ({type(error).__name__}{f' {code}' if code else ''})"[:200]


def staff_emails_deliver_due(*, worker: str | None = None, now: datetime | None = None, limit: int = 50) -> int:
    """Send every due email once. Returns the number sent. Safe to run from any number of workers at once."""
    worker, now = worker or worker_name(), now or timezone.now()
    ids = claim_due(StaffEmail, pending=PENDING, worker=worker, now=now, limit=limit)
    if not ids:
        return 0
    emails = list(StaffEmail.objects.filter(pk__in=ids).select_related("council").order_by("next_attempt_at"))
    connection = get_connection(fail_silently=False)
    sent, unreachable = 0, None
    try:
        for email in emails:
            if unreachable is not None:  # the server is down: do not wait for it once per email
                _record_failure(email=email, worker=worker, error=unreachable)
                continue
            try:
                _send(email, connection)
            except Exception as error:  # noqa: BLE001 - any failure of the server keeps the email waiting
                _record_failure(email=email, worker=worker, error=error)
                unreachable = None if isinstance(error, REFUSED) else error
            else:
                sent += _record_sent(email=email, worker=worker)
    finally:
        with contextlib.suppress(Exception):
            connection.close()
    return sent


def staff_emails_release_stale_claims(*, is_dead: Callable[[str], bool], now: datetime | None = None) -> dict[str, int]:
    """For the worker's recovery: free the claims of senders that are gone, so their emails go out at once."""
    released = release_stale_claims(StaffEmail, pending=PENDING, is_dead=is_dead, now=now or timezone.now())
    if released:
        logger.warning("Freed %s staff email claim(s) held by stopped workers", released)
    return {"claims_released": released}


def _send(email: StaffEmail, connection: Any) -> None:
    message = EmailMessage(subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL, to=email.recipients,
                           connection=connection, headers={"Message-ID": message_id(email), "X-Safe-Contact-Email": str(email.pk)})
    if message.send(fail_silently=False) != 1:
        raise NotAcceptedError


def _record_sent(*, email: StaffEmail, worker: str) -> int:
    with transaction.atomic():
        now = timezone.now()
        updated = StaffEmail.objects.filter(pk=email.pk, claimed_by=worker, status=PENDING).update(
            status=StaffEmail.Status.SENT, sent_at=now, attempts=F("attempts") + 1, claimed_at=None, claimed_by="",
            last_error="", updated_at=now)
        if updated:
            audit_record(actor=None, event=EventType.STAFF_EMAIL_SENT, council=email.council, subject=email,
                         data={"attempt": email.attempts + 1, "recipients": len(email.recipients)})
        else:  # the claim expired and another sender took it over while this one was sending
            logger.warning("Staff email %s was sent but its claim had passed to another sender", email.pk)
    return updated


def _record_failure(*, email: StaffEmail, worker: str, error: Exception) -> None:
    attempts = email.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    logger.warning("Staff email %s not sent (attempt %s): %s", email.pk, attempts, type(error).__name__)
    with transaction.atomic():
        now = timezone.now()
        updated = StaffEmail.objects.filter(pk=email.pk, claimed_by=worker, status=PENDING).update(
            status=StaffEmail.Status.FAILED if gave_up else PENDING, attempts=attempts, last_error=problem(error),
            next_attempt_at=now + retry_delay(attempts), claimed_at=None, claimed_by="", updated_at=now)
        if updated:
            audit_record(actor=None, event=EventType.STAFF_EMAIL_DELIVERY_FAILED, council=email.council, subject=email,
                         data={"attempt": attempts, "gave_up": gave_up})


def staff_emails_daily(*, today: Any = None) -> dict[str, int]:
    """The daily run's step (a safety net where no scheduler sweeps every minute): send what is due, and delete
    sent emails after KEEP_SENT (they hold a subject and a link, nothing else)."""
    sent = staff_emails_deliver_due()
    pruned, _ = StaffEmail.objects.filter(status=StaffEmail.Status.SENT, sent_at__lt=timezone.now() - KEEP_SENT).delete()
    return {"sent": sent, "pruned": pruned}
