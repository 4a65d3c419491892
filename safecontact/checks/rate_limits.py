"""How fast one person or system may check: a leaked token or an insider must not be able to test, name by
name, who is on the register. The check form and the API ask `check_run` to count the check first
(`enforce_rate_limits`); the demo, the bench and commands do not, as nobody outside runs them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection, transaction

from safecontact.accounts.models import Organisation
from safecontact.audit.events import EventType
from safecontact.audit.selectors import audit_event_list_for
from safecontact.audit.services import audit_record
from safecontact.checks import register_version
from safecontact.core.ratelimit import (
    DAY,
    MINUTE,
    Limit,
    RateLimitedError,
    Refusal,
    own_commit_possible,
    rate_limit_count,
    rate_limit_hit,
    subject_key,
)


def check_limits() -> list[Limit]:
    # Read at each call so that settings changed at run time (and in tests) apply at once.
    return [Limit("check.minute", settings.CHECK_RATE_PER_MINUTE, MINUTE), Limit("check.day", settings.CHECK_RATE_PER_DAY, DAY)]


def check_rate_enforce(*, actor: Any, council: Organisation) -> register_version.Version | None:
    """Count one check by `actor` (a User or an ApiClient); raise RateLimitedError when over a limit. The count and
    the audit event commit before the refusal is raised, so the refusal stays on the record.

    Returns the council's register version when it was read in the counting statement (PostgreSQL, outside a
    transaction: check_run then uses it instead of reading it again, a round trip fewer, issue 16), else None."""
    refusal, version = _count_check(actor=actor, council=council)
    if refusal is not None:
        raise RateLimitedError(
            f"Too many checks {'today' if refusal.limit.seconds == DAY else 'in a minute'}. The limit protects the people "
            "on the register: wait and try again, or call Customer Relations.",
            retry_after=refusal.retry_after,
        )
    return version


def _count_check(*, actor: Any, council: Organisation) -> tuple[Refusal | None, register_version.Version | None]:
    kind = "api_client" if getattr(actor, "is_api_client", False) else "user"
    limits, key = check_limits(), subject_key(kind, actor.pk)
    if own_commit_possible():
        # Counts alone commit in the same round trip without waiting for the disk (core.ratelimit: their own
        # transaction cost every check four round trips and a second flush of the write-ahead log, issue 16). A
        # refusal's event then commits as usual, waiting for the disk, before the refusal is raised; as the count
        # is already committed, a refusal whose window has no event yet (the first one's failed) writes it.
        # The register version comes in the same statement: read before any of the check's data, as ADR 0008 asks.
        counted = rate_limit_count(limits=limits, key=key, council_id=council.pk, own_commit=True,
                                   also=register_version.read_expressions(connection, council.pk))
        refusal = counted.refusal
        if refusal is not None and (refusal.first or not _refusal_on_record(actor=actor, council=council, refusal=refusal)):
            with transaction.atomic():
                _audit_refusal(actor=actor, council=council, refusal=refusal)
        return refusal, register_version.version_from(connection, counted.also)
    with transaction.atomic():  # inside a caller's transaction its writes, with ours, must be durable
        refusal = rate_limit_hit(limits=limits, key=key, council_id=council.pk)
        if refusal is not None and refusal.first:
            _audit_refusal(actor=actor, council=council, refusal=refusal)
    return refusal, None


def _window(refusal: Refusal) -> str:
    return refusal.limit.scope.split(".")[-1]


def _refusal_on_record(*, actor: Any, council: Organisation, refusal: Refusal) -> bool:
    return audit_event_list_for(council=council, event_types=[str(EventType.CHECK_RATE_LIMITED)], actor_id=actor.pk).filter(
        occurred_at__gte=refusal.window_start, data__window=_window(refusal)).exists()


def _audit_refusal(*, actor: Any, council: Organisation, refusal: Refusal) -> None:
    # Once per window: a client hammering away must not flood the audit trail.
    audit_record(actor=actor, event=EventType.CHECK_RATE_LIMITED, council=council,
                 data={"window": _window(refusal), "limit": refusal.limit.allowed})
