"""Frozen for migration 0006 (issue 16, first step), before the change log of migration 0007: the register version: a token per council that database triggers change whenever anything a check in that
council matches on changes.

A worker keeps an in-memory index of each council's live register (`register_index`) and trusts it only while
the token it was built under is still that council's token in the database. Triggers, not application code,
change the token, so every way of writing counts: services, bulk imports (PostgreSQL COPY fires them too),
queryset updates, the retention sweep, the Django admin, a DBA's SQL. A trigger bumps the council of the
changed row (old and new, when an update moves it), so a change in one council costs no other council anything;
a row whose council cannot be found (an alias whose person is already gone) bumps a row that is part of every
council's token.

The token is random, never a counter: a transaction that changed the register and rolled back must not leave
a token that a later, different change could produce again (ADR 0008). A council with no row yet reads
'initial': any change inserts its row.

Each check reads the token *and* counts the triggers in one query; if a trigger is missing (a later migration
rebuilt a table on SQLite, a DBA dropped one) the index is not used and checks read the database directly.
"""

from __future__ import annotations

import uuid

from django.db.backends.base.base import BaseDatabaseWrapper

from safecontact.accounts.models import Organisation

TABLE = "checks_councilregisterversion"
PREFIX = "sc_regc_"
INITIAL = "initial"

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
# Tables with no council of their own: their person's council.
VIA_PERSON = {"people_personalias", "people_personaddress"}


def _council(table: str, row: str) -> str:
    """SQL for the council of `row` (NEW, OLD or a transition table's alias) of `table`."""
    if table in VIA_PERSON:
        return f"(SELECT p.council_id FROM people_person p WHERE p.id = {row}.person_id)"  # noqa: S608
    return f"{row}.council_id"


# A row whose council cannot be found (an alias whose person is already gone) bumps this row, which is part
# of every council's token, as does (re)installing the triggers: changes made while one was missing were not
# counted.
EVERY_COUNCIL = uuid.UUID(int=0)


# Every name in the SQL below is one of this module's constants, never input: hence the noqa S608s.
def _sqlite_bump(council: str) -> str:
    return (f"INSERT INTO {TABLE} (council_id, token) SELECT COALESCE({council}, '{EVERY_COUNCIL.hex}'), "  # noqa: S608
            "lower(hex(randomblob(16))) WHERE true ON CONFLICT(council_id) DO UPDATE SET token = excluded.token;")


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def _sqlite_statements() -> list[str]:
    sql = []
    for table, columns, on_insert in WATCHED:
        events = [("del", "DELETE", "", _sqlite_bump(_council(table, "OLD")))]
        both = _sqlite_bump(_council(table, "NEW")) + " " + _sqlite_bump(_council(table, "OLD"))
        if on_insert:
            events.append(("ins", "INSERT", "", _sqlite_bump(_council(table, "NEW"))))
        if columns:
            events.append(("upd", f"UPDATE OF {', '.join(columns)}", f" WHEN {_changed(columns)}", both))
        else:
            events.append(("upd", "UPDATE", "", both))
        for suffix, event, when, body in events:
            sql.append(f"CREATE TRIGGER IF NOT EXISTS {PREFIX}{table}_{suffix} AFTER {event} ON {table} "
                       f"FOR EACH ROW{when} BEGIN {body} END;")
    return sql


_PG_BUMP = f"""
CREATE OR REPLACE FUNCTION {PREFIX}bump(councils uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {TABLE} (council_id, token)
    SELECT c, replace(gen_random_uuid()::text, '-', '')
    FROM (SELECT DISTINCT coalesce(c, '{EVERY_COUNCIL}'::uuid) AS c FROM unnest(councils) c) d
    ORDER BY c  -- the same order in every writer, so two bulk statements cannot deadlock on these rows
    ON CONFLICT (council_id) DO UPDATE SET token = EXCLUDED.token;
END $$;
"""  # noqa: S608


def _pg_statements() -> list[str]:
    sql = [_PG_BUMP]
    for table, columns, on_insert in WATCHED:
        # Statement-level with transition tables where every row counts (one bump per council per bulk
        # statement); PostgreSQL allows transition tables only on single-event triggers, hence one per event.
        old, new = (f"SELECT DISTINCT {_council(table, 'r')} FROM {rows} r" for rows in ("old_rows", "new_rows"))  # noqa: S608
        sql.append(f"""
CREATE OR REPLACE FUNCTION {PREFIX}{table}_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN PERFORM {PREFIX}bump(ARRAY[NULL::uuid]);
    ELSIF TG_OP = 'DELETE' THEN PERFORM {PREFIX}bump(ARRAY({old}));
    ELSIF TG_OP = 'INSERT' THEN PERFORM {PREFIX}bump(ARRAY({new}));
    ELSE PERFORM {PREFIX}bump(ARRAY({old} UNION {new}));
    END IF;
    RETURN NULL;
END $$;""")  # noqa: S608
        stmt = f"FOR EACH STATEMENT EXECUTE FUNCTION {PREFIX}{table}_stmt()"
        sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_del AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows {stmt};")
        sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_trunc AFTER TRUNCATE ON {table} {stmt};")
        if on_insert:
            sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows {stmt};")
        if columns:
            changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns)
            sql.append(f"""
CREATE OR REPLACE FUNCTION {PREFIX}{table}_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM {PREFIX}bump(ARRAY[{_council(table, 'NEW')}, {_council(table, 'OLD')}]);
    RETURN NULL;
END $$;""")
            sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_upd AFTER UPDATE ON {table} "
                       f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {PREFIX}{table}_row();")
        else:
            sql.append(f"CREATE OR REPLACE TRIGGER {PREFIX}{table}_upd AFTER UPDATE ON {table} "
                       f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows {stmt};")
    return sql


def _suffixes(vendor: str, on_insert: bool) -> list[str]:
    return ["del", "upd"] + (["ins"] if on_insert else []) + (["trunc"] if vendor == "postgresql" else [])


def expected_trigger_count(vendor: str) -> int:
    return sum(len(_suffixes(vendor, on_insert)) for _t, _c, on_insert in WATCHED)


def install(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (idempotent). The migration calls it, and so does post_migrate: SQLite drops a
    table's triggers when a later migration rebuilds the table."""
    statements = _pg_statements() if connection.vendor == "postgresql" else _sqlite_statements()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        every = Organisation._meta.pk.get_db_prep_value(EVERY_COUNCIL, connection)  # type: ignore[union-attr]
        cursor.execute(f"INSERT INTO {TABLE} (council_id, token) VALUES (%s, %s) "  # noqa: S608
                       "ON CONFLICT (council_id) DO UPDATE SET token = excluded.token", [every, uuid.uuid4().hex])


def uninstall(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers. On SQLite this also runs before each migrate (apps.py): the alias and address-link
    triggers name people_person, and SQLite refuses to rebuild a table that another table's trigger names."""
    pg = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        for table, _columns, on_insert in WATCHED:
            for suffix in _suffixes(connection.vendor, on_insert):
                cursor.execute(f"DROP TRIGGER IF EXISTS {PREFIX}{table}_{suffix}" + (f" ON {table}" if pg else ""))
            if pg:
                cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}{table}_stmt()")
                cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}{table}_row()")
        if pg:
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}bump(uuid[])")


def current(connection: BaseDatabaseWrapper, council_id: object) -> str | None:
    """The council's token, or None when a trigger is missing (then nothing may be cached)."""
    if connection.vendor == "postgresql":
        triggers = f"SELECT count(*) FROM pg_trigger WHERE tgname LIKE '{PREFIX}%%' AND NOT tgisinternal"  # noqa: S608
    else:
        triggers = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{PREFIX}%%'"  # noqa: S608
    pk = Organisation._meta.pk
    assert pk is not None
    councils = [pk.get_db_prep_value(c, connection) for c in (council_id, EVERY_COUNCIL)]
    token = f"COALESCE((SELECT token FROM {TABLE} WHERE council_id = %s), '{INITIAL}')"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {token} || ':' || {token}, ({triggers})", councils)  # noqa: S608
        row = cursor.fetchone()
    if row is None or row[1] != expected_trigger_count(connection.vendor):
        return None
    return str(row[0])
