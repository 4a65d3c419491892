"""Helpers for the audit tests."""

from django.db import connection

from safecontact.audit import append_only


def write_behind_the_application(sql: str, params: list) -> None:
    """Change audit rows as someone with table rights and no application key could: lift the append-only trigger,
    run the SQL, put the trigger back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            append_only.uninstall(connection)
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")
        else:
            append_only.install(connection)
