"""How fast one person or system may check: a leaked token or an insider must not be able to test, name by
name, who is on the register. The check form and the API call `check_rate_enforce` before `check_run`; the
demo, the bench and commands do not, as nobody outside runs them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection, transaction

from safecontact.accounts.models import Organisation
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.ratelimit import DAY, MINUTE, Limit, RateLimitedError, Refusal, rate_limit_hit, subject_key


def check_limits() -> list[Limit]:
    # Read at each call so that settings changed at run time (and in tests) apply at once.
    return [Limit("check.minute", settings.CHECK_RATE_PER_MINUTE, MINUTE), Limit("check.day", settings.CHECK_RATE_PER_DAY, DAY)]


def check_rate_enforce(*, actor: Any, council: Organisation) -> None:
    """Count one check by `actor` (a User or an ApiClient); raise RateLimitedError when over a limit. The count and
    the audit event commit before the refusal is raised, so the refusal stays on the record."""
    refusal = _count_check(actor=actor, council=council, own_transaction=not connection.in_atomic_block)
    if refusal is not None:
        raise RateLimitedError(
            f"Too many checks {'today' if refusal.limit.seconds == DAY else 'in a minute'}. The limit protects the people "
            "on the register: wait and try again, or call Customer Relations.",
            retry_after=refusal.retry_after,
        )


@transaction.atomic
def _count_check(*, actor: Any, council: Organisation, own_transaction: bool) -> Refusal | None:
    kind = "api_client" if getattr(actor, "is_api_client", False) else "user"
    refusal = rate_limit_hit(limits=check_limits(), key=subject_key(kind, actor.pk), council_id=council.pk)
    if refusal is not None and refusal.first:  # once per window: a client hammering away must not flood the audit trail
        audit_record(actor=actor, event=EventType.CHECK_RATE_LIMITED, council=council,
                     data={"window": refusal.limit.scope.split(".")[-1], "limit": refusal.limit.allowed})
    elif own_transaction and connection.vendor == "postgresql":
        # Counts alone: a crash in the next fraction of a second could lose a few of them (a person gets a few
        # more checks that minute), so this commit need not wait for the disk. Waiting cost every check a
        # second flush of the write-ahead log, besides the check's own (issue 16). Never for an audited refusal,
        # nor inside a caller's transaction, whose other writes must be durable.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
    return refusal
