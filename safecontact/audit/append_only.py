"""Database triggers that refuse UPDATE and DELETE of audit rows, on both databases.

PostgreSQL has had one since migration 0002. SQLite gets its own (migration 0004): SQLite drops a
table's triggers when a migration rebuilds the table, so post_migrate puts them back (apps.py), and the
test suite's flush, which empties SQLite tables with DELETE, lifts them for the flush only (conftest.py).
TRUNCATE, which PostgreSQL's flush uses, is not a row event, so nothing is needed there.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_TRIGGERS = {
    "audit_event_no_update": "UPDATE",
    "audit_event_no_delete": "DELETE",
}


def sqlite_create_statements() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON audit_auditevent "
        f"BEGIN SELECT RAISE(ABORT, 'audit events are append-only ({operation} refused)'); END"
        for name, operation in SQLITE_TRIGGERS.items()
    ]


def sqlite_drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]


def install(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in sqlite_create_statements():
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in sqlite_drop_statements():
            cursor.execute(statement)
