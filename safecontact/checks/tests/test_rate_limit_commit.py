"""A check's rate-limit count commits without waiting for the disk, an audited refusal does wait (issue 16: the
count's own flush of the write-ahead log was a second one per check). PostgreSQL only: SQLite has no such setting."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.rate_limits import check_rate_enforce
from safecontact.core.ratelimit import RateLimitedError

ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="synchronous_commit is PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]
ASYNC = "synchronous_commit TO OFF"


def _sql(call) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        try:
            call()
        except RateLimitedError:
            pass
    return [q["sql"] for q in queries.captured_queries]


@override_settings(CHECK_RATE_PER_MINUTE=2, CHECK_RATE_PER_DAY=100)
def test_counts_commit_without_waiting_and_an_audited_refusal_waits(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    enforce = lambda: check_rate_enforce(actor=staff, council=council)  # noqa: E731
    assert any(ASYNC in s for s in _sql(enforce))  # a count alone
    assert any(ASYNC in s for s in _sql(enforce))
    refused_first = _sql(enforce)  # the third in the minute: refused, and audited
    assert not any(ASYNC in s for s in refused_first)
    assert AuditEvent.objects.filter(event_type="check.rate_limited").count() == 1
    assert any(ASYNC in s for s in _sql(enforce))  # refused again in the window: not audited again, a count alone


def test_inside_a_callers_transaction_nothing_is_made_asynchronous(council, user_with_role):
    from django.db import transaction

    staff = user_with_role(Role.STAFF)

    def inside() -> None:
        with transaction.atomic():
            check_rate_enforce(actor=staff, council=council)

    assert not any(ASYNC in s for s in _sql(inside))
