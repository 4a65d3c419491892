"""The outbox: send queued letters, safely from any number of workers at once.

A worker claims one letter with a conditional UPDATE (claimed_at empty or its lease expired) and
checks the row count, which works the same on SQLite and PostgreSQL. Only the claimant sends. A
worker that dies after claiming leaves a lease that expires, and the next worker sends the letter.
Every send carries the letter's UUID as its idempotency reference (email Message-ID, Notify
`reference`), so if a worker died after the provider accepted a letter but before recording it,
the second copy is recognisable as the same letter.
A worker is named after its process (core/processes.py), so when one is killed the background worker frees its
claims at once (`letters_release_stale_claims`) rather than after the lease; the scheduler sweeps every 2 minutes.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.processes import process_owner
from safecontact.letters.delivery import DeliveryError, send_letter
from safecontact.letters.models import Letter

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 6


def retry_delay(attempts: int) -> timedelta:
    """2, 4, 8, 16, 32 minutes between tries."""
    return timedelta(minutes=2 ** max(1, attempts))


def worker_name() -> str:
    return process_owner(uuid.uuid4().hex[:12])


def _due(now: datetime) -> Q:
    return Q(status=Letter.Status.QUEUED, next_attempt_at__lte=now) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - LEASE))


def letter_claim(*, letter_id: Any, worker: str, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    claimed = Letter.objects.filter(_due(now), pk=letter_id).update(claimed_at=now, claimed_by=worker)
    return claimed == 1


def due_letter_ids(*, now: datetime | None = None, limit: int = 50) -> list[Any]:
    now = now or timezone.now()
    return list(Letter.objects.filter(_due(now)).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def letter_send_claimed(*, letter_id: Any, worker: str) -> bool:
    """Send a letter this worker holds the claim on; record the result only if it still does."""
    letter = Letter.objects.select_related("council").get(pk=letter_id)
    if letter.claimed_by != worker or letter.status != Letter.Status.QUEUED:
        return False
    try:
        provider_reference = send_letter(letter)
    except Exception as exc:  # noqa: BLE001 - any failure of the provider keeps the letter queued
        _record_failure(letter=letter, worker=worker, error=exc)
        return False
    with transaction.atomic():
        now = timezone.now()
        updated = Letter.objects.filter(pk=letter.pk, claimed_by=worker, status=Letter.Status.QUEUED).update(
            status=Letter.Status.SENT, sent_at=now, provider_reference=provider_reference[:120], attempts=letter.attempts + 1,
            claimed_at=None, claimed_by="", last_error="", updated_at=now,
        )
        if updated:
            audit_record(actor=None, event=EventType.LETTER_SENT, council=letter.council, subject=letter,
                         data={"channel": letter.channel, "attempt": letter.attempts + 1})
    return bool(updated)


def _record_failure(*, letter: Letter, worker: str, error: Exception) -> None:
    attempts = letter.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS
    # The class name only: provider messages can echo the address or the email.
    reason = type(error).__name__ if not isinstance(error, DeliveryError) else str(error)[:200]
    logger.warning("Letter %s not sent (attempt %s): %s", letter.pk, attempts, type(error).__name__)
    with transaction.atomic():
        now = timezone.now()
        updated = Letter.objects.filter(pk=letter.pk, claimed_by=worker, status=Letter.Status.QUEUED).update(
            status=Letter.Status.FAILED if gave_up else Letter.Status.QUEUED, attempts=attempts, last_error=reason,
            next_attempt_at=now + retry_delay(attempts), claimed_at=None, claimed_by="", updated_at=now,
        )
        if updated:
            audit_record(actor=None, event=EventType.LETTER_DELIVERY_FAILED, council=letter.council, subject=letter,
                         data={"channel": letter.channel, "attempt": attempts, "gave_up": gave_up})


def letters_release_stale_claims(*, is_dead: Callable[[str], bool], now: datetime | None = None) -> dict[str, int]:
    """Free the claims of workers that are gone: their lease has expired, or `is_dead` says their process ended.
    Only if the claim is still the one read, so a worker that is sending keeps its letter."""
    now = now or timezone.now()
    released = 0
    held = Letter.objects.filter(status=Letter.Status.QUEUED, claimed_at__isnull=False).values_list("pk", "claimed_by", "claimed_at")
    for pk, holder, claimed_at in held:
        if (claimed_at is not None and claimed_at < now - LEASE) or is_dead(holder):
            released += Letter.objects.filter(pk=pk, claimed_by=holder, claimed_at=claimed_at).update(
                claimed_at=None, claimed_by="", updated_at=now)
    if released:
        logger.warning("Freed %s letter claim(s) held by stopped workers", released)
    return {"claims_released": released}


def letters_deliver_due(*, worker: str | None = None, limit: int = 50) -> int:
    """Process the outbox once: claim and send every due letter. Returns the number sent."""
    worker = worker or worker_name()
    sent = 0
    for letter_id in due_letter_ids(limit=limit):
        if letter_claim(letter_id=letter_id, worker=worker) and letter_send_claimed(letter_id=letter_id, worker=worker):
            sent += 1
    return sent
