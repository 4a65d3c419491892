"""Frozen copy of the first register version triggers (one token for the whole service), as migration 0003 installed
them and 0006 removes them; `register_version` now keeps a token per council (ADR 0008, amended).

The register version: a token that database triggers change whenever anything a check matches on changes.

A worker keeps an in-memory index of the live register's people (`register_index`) and trusts it only while
the token it was built under is still the token in the database. Triggers, not application code, change the
token, so every way of writing counts: services, bulk imports (PostgreSQL COPY fires them too), queryset
updates, the retention sweep, the Django admin, a DBA's SQL.

The token is random, never a counter: a transaction that changed the register and rolled back must not leave
a token that a later, different change could produce again (ADR 0008).

Each check reads the token *and* counts the triggers in one query; if a trigger is missing (a later migration
rebuilt a table on SQLite, a DBA dropped one) the index is not used and checks read the database directly.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "checks_registerversion"
PREFIX = "sc_regver_"

# (table, columns whose change matters on UPDATE, or None for any change; also fires on INSERT?)
# A new person or a new gazetteer address is not a candidate until a measure, a search key or an address
# link points at them, and those fire; so people_person and people_address do not fire on INSERT.
WATCHED: list[tuple[str, tuple[str, ...] | None, bool]] = [
    ("register_measure", ("status", "person_id", "premises_id", "council_id"), True),
    ("people_person", ("given_names", "family_name", "date_of_birth", "merged_into_id", "council_id"), False),
    ("people_personalias", None, True),
    ("people_personaddress", None, True),
    ("people_address", ("line1", "line2", "town", "postcode", "uprn"), False),
    ("people_personsearchkey", None, True),
]

# Every name in the SQL below is one of this module's constants, never input: hence the noqa S608s.
_SQLITE_BUMP = (f"INSERT INTO {TABLE} (id, token) VALUES (1, lower(hex(randomblob(16)))) "  # noqa: S608
                "ON CONFLICT(id) DO UPDATE SET token = excluded.token;")
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {PREFIX}bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (id, token) VALUES (1, replace(gen_random_uuid()::text, '-', ''))
    ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$;
"""  # noqa: S608


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def _sqlite_statements() -> list[str]:
    sql = []
    for table, columns, on_insert in WATCHED:
        events = [("del", "DELETE", "")]
        if on_insert:
            events.append(("ins", "INSERT", ""))
        if columns:
            events.append(("upd", f"UPDATE OF {', '.join(columns)}", f" WHEN {_changed(columns)}"))
        else:
            events.append(("upd", "UPDATE", ""))
        for suffix, event, when in events:
            sql.append(f"CREATE TRIGGER IF NOT EXISTS {PREFIX}{table}_{suffix} AFTER {event} ON {table} "
                       f"FOR EACH ROW{when} BEGIN {_SQLITE_BUMP} END;")
    return sql


def _pg_statements() -> list[str]:
    sql = [_PG_FUNCTION]
    for table, columns, on_insert in WATCHED:
        # Statement-level where every row counts (one bump per bulk statement, not one per row).
        whole = "DELETE OR TRUNCATE" + (" OR INSERT" if on_insert else "") + ("" if columns else " OR UPDATE")
        sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_stmt AFTER {whole} ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}bump();")
        if columns:
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_upd AFTER UPDATE ON {table} "
                       f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {PREFIX}bump();")
    return sql


def expected_trigger_count(vendor: str) -> int:
    if vendor == "postgresql":
        return sum(2 if columns else 1 for _t, columns, _i in WATCHED)
    return sum(3 if on_insert else 2 for _t, _c, on_insert in WATCHED)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (idempotent). The migration calls it, and so does post_migrate: SQLite drops a
    table's triggers when a later migration rebuilds the table."""
    statements = _pg_statements() if connection.vendor == "postgresql" else _sqlite_statements()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for table, _columns, _on_insert in WATCHED:
            if connection.vendor == "postgresql":
                for suffix in ("stmt", "upd"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{table}_{suffix} ON {table}")
            else:
                for suffix in ("del", "ins", "upd"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{table}_{suffix}")
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}bump()")


def current(connection: BaseDatabaseWrapper) -> str | None:
    """The token, or None when there is none yet or a trigger is missing (then nothing may be cached)."""
    if connection.vendor == "postgresql":
        triggers = f"SELECT count(*) FROM pg_trigger WHERE tgname LIKE '{PREFIX}%' AND NOT tgisinternal"  # noqa: S608
    else:
        triggers = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{PREFIX}%'"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, ({triggers}) FROM {TABLE} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None or row[1] != expected_trigger_count(connection.vendor):
        return None
    return str(row[0])
