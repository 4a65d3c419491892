"""Reading PostgreSQL timestamps at the driver's C speed (issue 16).

Django's psycopg 3 backend reads every `timestamptz` through a loader of its own, a subclass of psycopg's pure-Python
one (`django.db.backends.postgresql.psycopg_any.BaseTzLoader`), so that it can set the value's time zone. That
costs about 4 µs a value: a check that matches 46 register entries reads 92 of them, about 0.4 ms, and every list
page pays the same per row. psycopg's C loader gives the same value when the session's time zone is UTC, which is
what Django sets it to with `USE_TZ` (the instant, with `datetime.timezone.utc` as its tzinfo: psycopg maps the
session's "UTC" to that object). So each new connection whose time zone is UTC reads timestamps through the C
loader. Django compares its loader's `timezone` with the connection's before every cursor and registers its own on
the cursor when they differ, which it still does if a test or a setting changes the time zone.

The C loader cannot be subclassed (it is a final extension type), so `UtcTimestamptzLoader` is a Python loader that
hands each value straight to one: psycopg calls the loader's `load` attribute, here the C method itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper


def _c_loader_class() -> Any:
    try:
        from psycopg._cmodule import _psycopg
    except ImportError:  # psycopg 2, or no psycopg at all (SQLite only)
        return None
    return getattr(_psycopg, "TimestamptzLoader", None) if _psycopg is not None else None


_C_LOADER = _c_loader_class()

if _C_LOADER is not None:
    from psycopg.adapt import Loader

    class UtcTimestamptzLoader(Loader):
        timezone = dt.UTC  # what Django's create_cursor compares with the connection's time zone

        def __init__(self, oid: int, context: Any = None) -> None:
            super().__init__(oid, context)
            self.load = _C_LOADER(oid, context).load  # type: ignore[method-assign]  # the C method, no Python frame a value

        def load(self, data: Any) -> Any:  # never called: __init__ replaces it on each instance (Loader requires one)
            raise NotImplementedError


def use_c_timestamp_loader(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created`: on PostgreSQL with the session in UTC, timestamps are read by the C loader."""
    if connection.vendor != "postgresql" or _C_LOADER is None or connection.timezone is not dt.UTC:
        return
    raw = connection.connection
    if raw.info.parameter_status("TimeZone") != "UTC":
        return
    raw.adapters.register_loader("timestamptz", UtcTimestamptzLoader)
