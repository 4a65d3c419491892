"""A check's rate-limit counts commit without waiting for the disk, in one round trip; an audited refusal's event
does wait (issue 16: the counts' own transaction cost every check four round trips and a second flush of the
write-ahead log). PostgreSQL only: SQLite has no such setting."""

from datetime import UTC, date, datetime

import pytest
import time_machine
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
# Counts in one minute's window: a test that crossed a minute's end counted afresh (CI failed once on that).
MID_MINUTE = time_machine.travel(datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC), tick=False)


def _sql(call) -> list[str]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        try:
            call()
        except RateLimitedError:
            pass
    return [q["sql"] for q in queries.captured_queries]


@MID_MINUTE
@override_settings(CHECK_RATE_PER_MINUTE=2, CHECK_RATE_PER_DAY=100)
def test_counts_commit_without_waiting_in_one_round_trip_and_an_audited_refusal_waits(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    enforce = lambda: check_rate_enforce(actor=staff, council=council)  # noqa: E731
    for _ in range(2):  # a count alone: one message begins, counts both windows and commits without waiting
        (only,) = _sql(enforce)
        assert ASYNC in only and only.startswith("BEGIN") and only.rstrip().endswith("COMMIT")
    refused_first = _sql(enforce)  # the third in the minute: refused, and audited
    assert ASYNC in refused_first[0]
    assert not any(ASYNC in s for s in refused_first[1:]) and any("audit_auditevent" in s for s in refused_first[1:])
    assert AuditEvent.objects.filter(event_type="check.rate_limited").count() == 1
    again = _sql(enforce)  # refused again in the window: the count, and a look for the window's event (there: not again)
    assert len(again) == 2 and "audit_auditevent" in again[1] and again[1].lstrip().upper().startswith("SELECT")
    assert AuditEvent.objects.filter(event_type="check.rate_limited").count() == 1


def test_a_failed_count_leaves_no_transaction_open(council, user_with_role, monkeypatch):
    from django.db import DataError

    from safecontact.checks import rate_limits
    from safecontact.core.ratelimit import MINUTE, Limit

    staff = user_with_role(Role.STAFF)
    # A scope longer than its column: the database refuses the statement after the message's BEGIN.
    monkeypatch.setattr(rate_limits, "check_limits", lambda: [Limit("x" * 500, 10, MINUTE)])
    with pytest.raises(DataError):
        check_rate_enforce(actor=staff, council=council)
    monkeypatch.undo()
    assert connection.connection.info.transaction_status == 0  # idle: the message's BEGIN was rolled back
    check_rate_enforce(actor=staff, council=council)  # and the next check counts as usual


def test_inside_a_callers_transaction_nothing_is_made_asynchronous(council, user_with_role):
    from django.db import transaction

    staff = user_with_role(Role.STAFF)

    def inside() -> None:
        with transaction.atomic():
            check_rate_enforce(actor=staff, council=council)

    assert not any(ASYNC in s for s in _sql(inside))


@MID_MINUTE
@override_settings(CHECK_RATE_PER_MINUTE=1, CHECK_RATE_PER_DAY=100)
def test_a_refusal_whose_event_failed_is_put_on_record_by_the_next(council, user_with_role, monkeypatch):
    """The counts commit before the refusal's event (one round trip), so if writing that event fails, the next
    refusal in the window, no longer the first, writes it: a refusal is never left off the record."""
    from safecontact.checks import rate_limits

    staff = user_with_role(Role.STAFF)
    check_rate_enforce(actor=staff, council=council)  # within the limit
    real = rate_limits._audit_refusal

    def failing(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(rate_limits, "_audit_refusal", failing)
    with pytest.raises(RuntimeError):
        check_rate_enforce(actor=staff, council=council)  # the first refusal: counted, its event lost
    monkeypatch.setattr(rate_limits, "_audit_refusal", real)
    assert not AuditEvent.objects.filter(event_type="check.rate_limited").exists()
    for _ in range(2):
        with pytest.raises(RateLimitedError):
            check_rate_enforce(actor=staff, council=council)
    event = AuditEvent.objects.get(event_type="check.rate_limited")  # written once, by the next refusal
    assert event.data == {"window": "minute", "limit": 1}


def test_counts_made_inside_a_transaction_or_with_server_side_binding_use_one_transaction():
    from django.db import transaction

    from safecontact.core.ratelimit import own_commit_possible

    assert own_commit_possible()
    with transaction.atomic():
        assert not own_commit_possible()
    connection.settings_dict.setdefault("OPTIONS", {})["server_side_binding"] = True
    try:
        assert not own_commit_possible()
    finally:
        del connection.settings_dict["OPTIONS"]["server_side_binding"]


def test_a_counted_check_reads_the_register_version_with_its_counts(council, user_with_role):
    """check_run(enforce_rate_limits=True): the counting statement also reads the register version, so the check's
    own transaction does not read it again (issue 16); the check still answers from an up-to-date index."""
    from safecontact.checks.services import CheckQuery, check_run
    from safecontact.register.services import measure_end
    from safecontact.register.tests import builders as b

    staff = user_with_role(Role.STAFF)
    query = CheckQuery(name="Bill Harrington", date_of_birth=date(1971, 3, 14), purpose="home_visit")
    assert check_run(actor=staff, council=council, query=query, enforce_rate_limits=True).outcome == "no_entry"
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))  # committed: a new token
    sql = _sql(lambda: check_run(actor=staff, council=council, query=query, enforce_rate_limits=True))
    assert ASYNC in sql[0] and "checks_councilregisterversion" in sql[0]
    assert not any("checks_councilregisterversion" in s for s in sql[1:])
    # The index was brought up to date under the version read with the counts: the new entry is found.
    assert check_run(actor=staff, council=council, query=query, enforce_rate_limits=True).outcome == "precautions_apply"
    # ... and an ended entry is never reported after its commit (ADR 0008), on this path too.
    measure_end(actor=user_with_role(Role.DECISION_MAKER), measure=marker, reason="Removed at review")
    assert check_run(actor=staff, council=council, query=query, enforce_rate_limits=True).outcome == "no_entry"


def test_a_refused_check_reads_nothing_more(council, user_with_role):
    from safecontact.checks.services import CheckQuery, check_run

    staff = user_with_role(Role.STAFF)
    query = CheckQuery(name="Bill Harrington", date_of_birth=None, postcode="GL50 1PQ", purpose="home_visit")
    with override_settings(CHECK_RATE_PER_MINUTE=0):
        sql = _sql(lambda: check_run(actor=staff, council=council, query=query, enforce_rate_limits=True))
    assert not any("checks_check" in s and "INSERT" in s for s in sql)  # refused before the check was written
    assert AuditEvent.objects.filter(event_type="check.rate_limited").count() == 1
