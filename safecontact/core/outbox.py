"""What every outbox shares (letters to customers, emails to staff): a row is written in the transaction that
causes it, a worker claims it for a lease, sends it, and marks it sent only if it still holds the claim.

Claiming. On PostgreSQL the due rows are read with SELECT ... FOR UPDATE SKIP LOCKED, so two workers never wait
for each other and never take the same row. SQLite has no row locks; there the claim is a conditional UPDATE
(still due: unclaimed, or its lease expired), which SQLite runs under its database write lock. Both end with an
UPDATE that writes the worker's name, and only rows carrying that name are sent.

A worker that dies holding a claim leaves it to expire: after LEASE the row is due again and another worker
sends it; sooner when the worker's recovery (core/worker.py RECOVERY_STEPS) sees that its process has ended.
If the provider had accepted the message before the worker died, the second copy carries the same Message-ID
(the row's id), so it is recognisable as the same message: delivery is at least once, and exactly once unless
a worker dies between the provider's acceptance and the database commit that records it.

Retries without anyone running a command: a task is enqueued when a row is written (sent at once while the
server works), and the scheduler (`run_daily --schedule`, PERIODIC_SWEEPS in the apps' contributions) sweeps every outbox every
minute or two, which sends what fell due (a failed send's backoff, an abandoned claim's lease).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Q

from safecontact.core.processes import process_owner

LEASE = timedelta(minutes=10)
MAX_DELAY = timedelta(hours=4)


def retry_delay(attempts: int) -> timedelta:
    """2, 4, 8, 16, 32… minutes between tries, never more than MAX_DELAY."""
    return min(timedelta(minutes=2 ** max(1, min(attempts, 12))), MAX_DELAY)


def worker_name() -> str:
    """Unique per sweep (`host:pid:token`): a claim names exactly one sender, and which process holds it."""
    return process_owner()


def due(*, pending: str, now: datetime, lease: timedelta = LEASE) -> Q:
    return Q(status=pending, next_attempt_at__lte=now) & (Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease))


def claim_due(model: type[models.Model], *, pending: str, worker: str, now: datetime, limit: int = 50,
              lease: timedelta = LEASE) -> list[Any]:
    """Claim up to `limit` due rows (oldest due first) for `worker`; returns the ids it now holds."""
    is_due = due(pending=pending, now=now, lease=lease)
    with transaction.atomic():
        rows = model._default_manager.filter(is_due).order_by("next_attempt_at")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        if ids:
            model._default_manager.filter(is_due, pk__in=ids).update(claimed_at=now, claimed_by=worker)
    return list(model._default_manager.filter(pk__in=ids, claimed_by=worker).values_list("pk", flat=True)) if ids else []


def release_stale_claims(model: type[models.Model], *, pending: str, is_dead: Callable[[str], bool], now: datetime,
                         lease: timedelta = LEASE) -> int:
    """Free the claims of senders that are gone (their process ended, or the lease passed), so the rows go out at
    the next sweep. Only a claim that is still the one read is freed: a sender that is sending keeps its row."""
    released = 0
    held = model._default_manager.filter(status=pending, claimed_at__isnull=False).values_list("pk", "claimed_by", "claimed_at")
    for pk, holder, claimed_at in held:
        if claimed_at < now - lease or is_dead(holder):
            released += model._default_manager.filter(pk=pk, claimed_by=holder, claimed_at=claimed_at).update(
                claimed_at=None, claimed_by="", updated_at=now)
    return released
