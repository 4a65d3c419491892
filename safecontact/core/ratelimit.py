"""Rate limits that hold across processes: the counters are rows in the database, not a worker's memory.

Each gunicorn worker and the background worker has its own memory (there is no shared cache), so a limit
kept there is multiplied by the number of workers and forgotten on every restart. Here one statement both
counts an attempt and returns the new total (INSERT ... ON CONFLICT DO UPDATE ... RETURNING, in SQLite 3.35+
and PostgreSQL), so two workers counting at the same moment can never both see the same total.

Windows are fixed and aligned to the Unix epoch: a minute starts at :00 seconds, a day at midnight UTC.
A subject is stored only as a keyed hash (HMAC with SECRET_KEY): a plain hash of a network address could be
reversed by trying all four thousand million of them, a keyed one cannot without the key.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.db.models import Field
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from safecontact.core.models import RateLimitCounter

MINUTE, DAY = 60, 86_400
KEEP_COUNTERS_DAYS = 1
_COLUMNS = ("scope", "key", "window_start", "council_id", "count")  # each column is named as its field


@dataclass(frozen=True)
class Limit:
    scope: str  # what is counted and over which window, e.g. "check.minute"
    allowed: int  # attempts allowed in one window
    seconds: int  # the window's length


@dataclass(frozen=True)
class Refusal:
    limit: Limit
    count: int
    retry_after: int  # whole seconds until the window ends
    window_start: dt.datetime | None = None  # when the refusing window began

    @property
    def first(self) -> bool:
        """The first attempt over the limit in its window: exactly one request sees this, so it is the one to report."""
        return self.count == self.limit.allowed + 1


class RateLimitedError(Exception):
    """Too many attempts: the web page and the API answer 429 with Retry-After."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after = max(1, retry_after)

    @property
    def wait(self) -> str:
        """How long to wait, in words for a page."""
        if self.retry_after <= MINUTE:
            return "a minute"
        if self.retry_after < 3600:
            return f"{math.ceil(self.retry_after / MINUTE)} minutes"
        hours = math.ceil(self.retry_after / 3600)
        return "an hour" if hours == 1 else f"{hours} hours"


def subject_key(kind: str, value: object) -> str:
    """The stored stand-in for a user, API client or address: 64 hex characters that name nobody."""
    return salted_hmac("safecontact.core.ratelimit", f"{kind}:{value}", algorithm="sha256").hexdigest()


def window_start(now: dt.datetime, seconds: int) -> dt.datetime:
    epoch = int(now.timestamp())
    return dt.datetime.fromtimestamp(epoch - epoch % seconds, tz=dt.UTC)


@dataclass(frozen=True)
class Counted:
    refusal: Refusal | None  # None: go ahead
    also: tuple[Any, ...] | None  # the values of `also`, when asked


def rate_limit_hit(
    *, limits: Sequence[Limit], key: str, council_id: UUID | None = None, now: dt.datetime | None = None,
    own_commit: bool = False,
) -> Refusal | None:
    """rate_limit_count's refusal (None: go ahead)."""
    return rate_limit_count(limits=limits, key=key, council_id=council_id, now=now, own_commit=own_commit).refusal


def rate_limit_count(
    *, limits: Sequence[Limit], key: str, council_id: UUID | None = None, now: dt.datetime | None = None,
    own_commit: bool = False, also: tuple[str, Sequence[Any]] | None = None,
) -> Counted:
    """Count one attempt by `key` in each limit's current window, shortest window first, and stop at the first
    window over its limit: that refusal is returned (None: go ahead). An attempt refused by the minute is not
    counted in the day, so a burst costs the rest of the minute, not the whole day's checks.

    `own_commit` (PostgreSQL, outside any transaction): the counts commit on their own, without waiting for the
    disk, in the same round trip (see _counts_postgresql). A crash in the next fraction of a second could lose a
    few counts (a person gets a few more tries that minute); callers whose other writes must be durable count
    inside their own transaction instead.

    `also`: SELECT expressions (SQL and parameters) whose values a caller needs next: on PostgreSQL they are read in
    the counting statement itself, a round trip fewer (a check's register version, issue 16); elsewhere in a query
    after it."""
    if not limits:
        return Counted(None, _select(also) if also is not None else None)
    now = now or timezone.now()
    ordered = sorted(limits, key=lambda limit: limit.seconds)
    starts = [window_start(now, limit.seconds) for limit in ordered]
    counts: list[int | None]
    values: tuple[Any, ...] | None = None
    if connection.vendor == "postgresql":
        counts, values = _counts_postgresql(ordered, starts, key=key, council_id=council_id, own_commit=own_commit, also=also)
    else:
        counts = []
        for limit, start in zip(ordered, starts, strict=True):
            counted = _count(scope=limit.scope, key=key, start=start, council_id=council_id)
            counts.append(counted)
            if counted > limit.allowed:
                break
        values = _select(also) if also is not None else None
    for limit, start, count in zip(ordered, starts, counts, strict=False):
        if count is not None and count > limit.allowed:
            ends = start + dt.timedelta(seconds=limit.seconds)
            refusal = Refusal(limit=limit, count=count, retry_after=math.ceil((ends - now).total_seconds()), window_start=start)
            return Counted(refusal, values)
    return Counted(None, values)


def _select(also: tuple[str, Sequence[Any]]) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {also[0]}", list(also[1]))  # noqa: S608 - the caller's own SQL; values are parameters
        return tuple(cursor.fetchone())


def _prepared(values: tuple[Any, ...]) -> list[Any]:
    fields = [cast(Field, RateLimitCounter._meta.get_field(name)) for name in _COLUMNS]
    return [field.get_db_prep_value(value, connection, prepared=False) for field, value in zip(fields, values, strict=True)]


def _upsert_sql() -> tuple[str, str, str]:
    """The counters' table with its columns, the clause that adds one to a window's counter (creating it at 1) and
    returns the new total, and the count column: the one upsert both _count and _counts_postgresql send. Only the
    model's own quoted table and column names are formatted in; every value is a parameter."""
    q = connection.ops.quote_name
    table, (scope_, key_, start_, council_, count_) = q(RateLimitCounter._meta.db_table), [q(name) for name in _COLUMNS]
    upsert = f"ON CONFLICT ({scope_}, {key_}, {start_}) DO UPDATE SET {count_} = {table}.{count_} + 1 RETURNING {count_}"
    return f"{table} ({scope_}, {key_}, {start_}, {council_}, {count_})", upsert, count_


def _count(*, scope: str, key: str, start: dt.datetime, council_id: UUID | None) -> int:
    """Add one to a window's counter, creating it at 1, and return the new total: one statement, so concurrent
    attempts queue on the row and each is told a different total."""
    columns, upsert, _ = _upsert_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {columns} VALUES (%s, %s, %s, %s, %s) {upsert}",  # noqa: S608
                       _prepared((scope, key, start, council_id, 1)))
        return int(cursor.fetchone()[0])


def _counts_postgresql(limits: list[Limit], starts: list[dt.datetime], *, key: str, council_id: UUID | None,
                       own_commit: bool, also: tuple[str, Sequence[Any]] | None = None) -> tuple[list[int | None], tuple[Any, ...] | None]:
    """_count for every window in one statement: each window's upsert is a step of one WITH, counted only if the
    window before it is within its limit (None for a window not counted). Every statement of a check is a round trip
    to the database, and a check's two windows cost two (issue 16). With `own_commit` the statement goes with
    BEGIN, SET LOCAL synchronous_commit TO OFF and COMMIT in one message: counts alone need not wait for the disk,
    and their own transaction cost a check four round trips. `also`'s expressions are further columns of its row."""
    columns, upsert, count_ = _upsert_sql()
    steps, params = [], []
    for i, (limit, start) in enumerate(zip(limits, starts, strict=True)):
        # Only the model's own quoted table and column names and the step names are formatted in; values are parameters.
        if i == 0:
            steps.append(f"c0 AS (INSERT INTO {columns} VALUES (%s, %s, %s, %s, %s) {upsert})")  # noqa: S608
            params += _prepared((limit.scope, key, start, council_id, 1))
        else:
            steps.append(f"c{i} AS (INSERT INTO {columns} SELECT %s, %s, %s, %s, %s FROM c{i - 1} "  # noqa: S608
                         f"WHERE c{i - 1}.{count_} <= %s {upsert})")
            params += [*_prepared((limit.scope, key, start, council_id, 1)), limits[i - 1].allowed]
    selected = [f"(SELECT {count_} FROM c{i})" for i in range(len(limits))]  # noqa: S608
    if also is not None:
        selected.append(also[0])
        params += list(also[1])
    sql = f"WITH {', '.join(steps)} SELECT {', '.join(selected)}"  # noqa: S608
    own_commit = own_commit and own_commit_possible()
    if own_commit:
        sql = f"BEGIN; SET LOCAL synchronous_commit TO OFF; {sql}; COMMIT"
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql, params)
            while cursor.description is None and cursor.nextset():  # past BEGIN and SET to the counts
                pass
            row = cursor.fetchone()
        except BaseException:
            if own_commit:  # the message stopped at the error: end the transaction it began, or drop the connection
                try:
                    cursor.execute("ROLLBACK")
                except Exception:  # noqa: BLE001 - the connection is gone or unusable: never reuse it
                    connection.close()
            raise
    counts = [None if count is None else int(count) for count in row[:len(limits)]]
    return counts, (tuple(row[len(limits):]) if also is not None else None)


def own_commit_possible() -> bool:
    """Whether counts can commit on their own in one message: on PostgreSQL, outside any transaction (Django's
    autocommit), with parameters bound on the client (several statements in one message are refused otherwise)."""
    return (connection.vendor == "postgresql" and not connection.in_atomic_block and connection.get_autocommit()
            and not connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"))


def rate_limits_prune(*, today: dt.date) -> dict[str, int]:
    """A daily step (core/jobs.py): remove counters of windows that began before yesterday (UTC). The longest
    window is a day, so every one of them has ended and can refuse nothing."""
    cutoff = dt.datetime.combine(today - dt.timedelta(days=KEEP_COUNTERS_DAYS), dt.time.min, tzinfo=dt.UTC)
    deleted, _ = RateLimitCounter.objects.filter(window_start__lt=cutoff).delete()
    return {"counters_removed": deleted}


def client_address(request: HttpRequest) -> str:
    """The address to count a request against. Behind a reverse proxy every request comes from the proxy, so
    with TRUSTED_PROXY_HEADER set (e.g. "X-Forwarded-For") the address is the one the TRUSTED_PROXY_COUNT-th
    proxy from us appended: entries to its left were written by the client and may be forged. IPv6 is counted
    by /64 network, since one household or phone holds a whole /64."""
    remote = request.META.get("REMOTE_ADDR", "")
    address = remote
    header = settings.TRUSTED_PROXY_HEADER
    if header:
        entries = [e.strip() for e in request.META.get("HTTP_" + header.upper().replace("-", "_"), "").split(",") if e.strip()]
        count = max(1, settings.TRUSTED_PROXY_COUNT)
        if entries:
            address = entries[-count] if len(entries) >= count else entries[0]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return remote
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def too_many_requests(request: HttpRequest, error: RateLimitedError, *, template: str, context: dict[str, Any] | None = None) -> HttpResponse:
    response = render(request, template, {"wait": error.wait, **(context or {})}, status=429)
    response["Retry-After"] = str(error.retry_after)
    return response
