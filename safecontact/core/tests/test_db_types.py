"""core.db_types (issue 16): PostgreSQL timestamps read by psycopg's C loader give what Django's own loader gives."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from safecontact.core import db_types
from safecontact.core.models import RateLimitCounter

pytestmark = pytest.mark.postgres_only


@pytest.fixture
def pg(db):
    if connection.vendor != "postgresql" or db_types._C_LOADER is None:
        pytest.skip("PostgreSQL with psycopg's C module")
    connection.ensure_connection()
    return connection


def _read(sql: str, params: list | None = None) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return [row[0] for row in cursor.fetchall()]


def test_each_connection_reads_timestamps_with_the_c_loader(pg):
    assert pg.connection.adapters.get_loader(1184, 0) is db_types.UtcTimestamptzLoader  # 1184: timestamptz, text
    with pg.cursor() as cursor:  # Django's create_cursor found nothing to change: no loader of its own on the cursor
        assert cursor.cursor.adapters.get_loader(1184, 0) is db_types.UtcTimestamptzLoader


def test_the_values_are_the_instants_django_reads_in_utc(pg):
    sql = ("SELECT v FROM (VALUES ('2026-12-03 08:05:20.962975+00'::timestamptz), ('2026-06-30 23:59:59.5+01'),"
           " ('1901-02-03 04:05:06-05:30'), (NULL)) t(v)")
    fast = _read(sql)
    pg.connection.adapters.register_loader("timestamptz", type("Django", (BaseTzLoader,), {"timezone": dt.UTC}))
    try:
        django_s = _read(sql)
    finally:
        pg.connection.adapters.register_loader("timestamptz", db_types.UtcTimestamptzLoader)
    assert fast == django_s
    assert fast[0] == dt.datetime(2026, 12, 3, 8, 5, 20, 962975, tzinfo=dt.UTC) and fast[3] is None
    assert all(v.tzinfo is dt.UTC for v in fast[:3])
    assert fast[1] == dt.datetime(2026, 6, 30, 22, 59, 59, 500000, tzinfo=dt.UTC)


def test_a_model_reads_back_what_it_wrote(pg):
    when = dt.datetime(2026, 12, 3, 8, 5, 20, 123456, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    counter = RateLimitCounter.objects.create(scope="test", key="k", window_start=when)
    read = RateLimitCounter.objects.get(pk=counter.pk)
    assert read.window_start == when and read.window_start.tzinfo is dt.UTC and read.window_start.hour == 7


@pytest.mark.parametrize("vendor, timezone, session", [("sqlite", dt.UTC, "UTC"), ("postgresql", None, "UTC"),
                                                       ("postgresql", dt.UTC, "Europe/London")])
def test_left_to_django_unless_postgresql_in_utc(vendor, timezone, session):
    registered = []
    raw = SimpleNamespace(info=SimpleNamespace(parameter_status=lambda name: session),
                          adapters=SimpleNamespace(register_loader=lambda *args: registered.append(args)))
    db_types.use_c_timestamp_loader(None, SimpleNamespace(vendor=vendor, timezone=timezone, connection=raw))
    assert registered == []
