"""Shared fixtures: councils, users with roles (MFA ready), signed-in clients."""

import os

from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("dev", max_examples=200, deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

pytest_plugins = ["safecontact.core.tests.fixtures"]


def _let_sqlite_flush_empty_the_audit_table() -> None:
    """SQLite's audit rows are append-only by trigger (audit/append_only.py); Django's test flush empties
    tables with DELETE there, so lift the triggers for the flush alone and put them straight back."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    from django.db.backends.sqlite3.base import DatabaseOperations

    from safecontact.audit import append_only

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):  # type: ignore[no-untyped-def]
        return original(self, [*append_only.sqlite_drop_statements(), *sql_list, *append_only.sqlite_create_statements()])

    DatabaseOperations.execute_sql_flush = execute_sql_flush


def pytest_sessionstart(session):  # type: ignore[no-untyped-def]
    _let_sqlite_flush_empty_the_audit_table()
