"""Database rate limits: one statement counts and answers, windows are fixed, keys name nobody, every process
shares the count, old counters are pruned, and the client address is read from the trusted proxy only."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings

from safecontact.core.contributions import daily_steps
from safecontact.core.models import RateLimitCounter
from safecontact.core.ratelimit import (
    DAY,
    MINUTE,
    Limit,
    RateLimitedError,
    client_address,
    rate_limit_hit,
    rate_limits_prune,
    subject_key,
)

WORKER = Path(__file__).with_name("ratelimit_worker.py")
AT = dt.datetime(2026, 12, 1, 10, 0, 45, tzinfo=dt.UTC)
PER_MINUTE, PER_DAY = Limit("test.minute", 3, MINUTE), Limit("test.day", 5, DAY)


def test_counts_refuse_after_the_limit_and_say_when_to_retry(db):
    answers = [rate_limit_hit(limits=[PER_MINUTE], key="k", now=AT) for _ in range(5)]
    assert answers[:3] == [None, None, None]
    assert [(r.count, r.first, r.retry_after) for r in answers[3:] if r] == [(4, True, 15), (5, False, 15)]
    assert RateLimitCounter.objects.get().count == 5  # refused tries count too: hammering never shortens the wait


def _hit(at, key="k"):
    refusal = rate_limit_hit(limits=[PER_DAY, PER_MINUTE], key=key, now=at)
    return refusal and (refusal.limit.scope, refusal.count, refusal.retry_after)


def test_windows_are_fixed_and_a_try_refused_by_the_minute_does_not_use_up_the_day(db):
    assert [_hit(AT) for _ in range(4)] == [None, None, None, ("test.minute", 4, 15)]
    next_minute, midnight = AT + dt.timedelta(minutes=1), dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
    assert [_hit(next_minute) for _ in range(3)] == [None, None, ("test.day", 6, int((midnight - next_minute).total_seconds()))]
    assert _hit(AT, key="other") is None  # another subject is not affected
    assert _hit(midnight) is None  # a new day
    counts = {(r.scope, r.window_start): r.count for r in RateLimitCounter.objects.filter(key="k")}
    assert counts == {("test.minute", AT.replace(second=0)): 4, ("test.minute", next_minute.replace(second=0)): 3,
                      ("test.day", AT.replace(hour=0, minute=0, second=0)): 6,  # not 7: the minute refused the 4th
                      ("test.minute", midnight): 1, ("test.day", midnight): 1}


def test_the_stored_key_and_council_name_nobody(db, council):
    key = subject_key("user", "3f1c9c1e-0000-4000-8000-000000000001")
    rate_limit_hit(limits=[PER_MINUTE], key=key, council_id=council.pk, now=AT)
    row = RateLimitCounter.objects.get()
    assert len(row.key) == 64 and "3f1c9c1e" not in row.key and row.council_id == council.pk
    assert key != subject_key("api_client", "3f1c9c1e-0000-4000-8000-000000000001")
    with override_settings(SECRET_KEY="another-key-" * 5):  # keyed: without the key, addresses cannot be tried one by one
        assert subject_key("address", "203.0.113.5") != key and len(subject_key("address", "203.0.113.5")) == 64


def test_the_daily_run_prunes_counters_of_ended_windows(db):
    for day in (28, 29, 30):
        rate_limit_hit(limits=[PER_MINUTE, PER_DAY], key="k", now=dt.datetime(2026, 11, day, 23, 59, tzinfo=dt.UTC))
    rate_limit_hit(limits=[PER_DAY], key="k", now=AT)
    assert ("rate_limits", "safecontact.core.ratelimit.rate_limits_prune") in daily_steps()
    assert rate_limits_prune(today=dt.date(2026, 12, 1)) == {"counters_removed": 4}  # the 28th and the 29th
    assert [r.window_start.day for r in RateLimitCounter.objects.order_by("window_start")] == [30, 30, 1]


def test_the_wait_is_told_in_words():
    assert [RateLimitedError("x", retry_after=s).wait for s in (0, 59, 61, 3599, 3600, 80_000)] == [
        "a minute", "a minute", "2 minutes", "60 minutes", "an hour", "23 hours"]


@pytest.mark.parametrize("header,count,forwarded,expected", [
    ("", 1, "198.51.100.7", "10.0.0.2"),  # no trusted proxy: the header is the client's own and is ignored
    ("X-Forwarded-For", 1, "198.51.100.7", "198.51.100.7"),
    ("X-Forwarded-For", 1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the left entry was written by the client
    ("X-Forwarded-For", 2, "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # two proxies appended
    ("X-Forwarded-For", 1, "not an address", "10.0.0.2"),
    ("X-Forwarded-For", 1, "", "10.0.0.2"),
    ("X-Real-IP", 1, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),  # IPv6 counted per /64
])
def test_client_address_comes_from_the_trusted_proxy_only(header, count, forwarded, expected):
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded:
        meta["HTTP_" + (header or "X-Forwarded-For").upper().replace("-", "_")] = forwarded
    with override_settings(TRUSTED_PROXY_HEADER=header, TRUSTED_PROXY_COUNT=count):
        assert client_address(RequestFactory().get("/", **meta)) == expected


def _count_from_two_processes(env: dict[str, str], tmp_path: Path, per_process: int = 150, mode: str = "count") -> list[int]:
    """Two OS processes, started together, count in the same window; returns every total they were told."""
    go = tmp_path / "go"
    workers = [subprocess.Popen([sys.executable, str(WORKER), mode, str(go), str(per_process), AT.isoformat()],
                                env=env, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    for worker in workers:  # both have started Django and connected before either counts
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    go.touch()
    totals = []
    for worker in workers:
        out, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0
        totals += [int(line) for line in out.split()]
    return totals


def _worker_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", **overrides)
    return env


def test_two_processes_share_the_count_on_a_sqlite_file(tmp_path):
    # The test database is in memory, which no other process can open: use the production SQLite set-up (a WAL
    # file under SAFECONTACT_VAR_DIR) instead.
    env = _worker_env(SAFECONTACT_VAR_DIR=str(tmp_path))
    subprocess.run([sys.executable, str(WORKER), "create"], env=env, check=True, timeout=120)
    totals = _count_from_two_processes(env, tmp_path)
    assert sorted(totals) == list(range(1, 301))  # every attempt counted once: no two were told the same total


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_processes_share_the_count_on_postgresql(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: the SQLite test database is in memory")
    s = connection.settings_dict
    url = f"postgres://{quote(s['USER'] or '')}:{quote(s['PASSWORD'] or '')}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    totals = _count_from_two_processes(_worker_env(DATABASE_URL=url), tmp_path)
    assert sorted(totals) == list(range(1, 301))
    assert RateLimitCounter.objects.get(scope="test.shared").count == 300
    # Two windows in one statement, each attempt its own transaction in one message (a check's count): still exact.
    RateLimitCounter.objects.all().delete()
    (tmp_path / "own").mkdir()
    totals = _count_from_two_processes(_worker_env(DATABASE_URL=url), tmp_path / "own", mode="count-own")
    assert sorted(totals) == list(range(1, 301))
    assert {r.scope: r.count for r in RateLimitCounter.objects.all()} == {"test.first": 300, "test.shared": 300}
