"""The register version: a token per council that database triggers change whenever anything a check in that
council matches on changes, and a change log naming what changed.

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

The change log (issue 16): the same trigger adds a `checks_registerchange` row per changed person (and whether
the premises of live measures may have changed), carrying the new token, and records the newest row's id in the
council's version row. A worker whose index is at an older position re-reads only the people named since. The
version row's lock (taken first) orders one council's log rows as their transactions commit, so every row of
the council up to `last_change` is committed once the version row says so.

Each check reads the token *and* counts the triggers in one query; if a trigger is missing (a later migration
rebuilt a table on SQLite, a DBA dropped one) the index is not used and checks read the database directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max
from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.checks.models import RegisterChange

TABLE = "checks_councilregisterversion"
LOG = "checks_registerchange"
PREFIX = "sc_regc_"
INITIAL = "initial"

# (table, columns whose change matters on UPDATE, or None for any change; also fires on INSERT?)
# A new person or a new gazetteer address is not a candidate until a measure, a search key or an address
# link points at them, and those fire; so people_person and people_address do not fire on INSERT.
# origin, decision and interim_until decide whether an interim marker is live (register.models.live_filter).
WATCHED: list[tuple[str, tuple[str, ...] | None, bool]] = [
    ("register_measure", ("status", "person_id", "premises_id", "council_id", "origin", "decision_id", "interim_until"), True),
    ("people_person", ("given_names", "family_name", "date_of_birth", "merged_into_id", "council_id"), False),
    ("people_personalias", None, True),
    ("people_personaddress", None, True),
    ("people_address", ("line1", "line2", "town", "postcode", "uprn"), False),
    ("people_personsearchkey", None, True),
]
# Tables with no council of their own: their person's council.
VIA_PERSON = {"people_personalias", "people_personaddress"}

# A row whose council cannot be found (an alias whose person is already gone) bumps this row, which is part
# of every council's token, as does (re)installing the triggers: changes made while one was missing were not
# counted.
EVERY_COUNCIL = uuid.UUID(int=0)


def _changes(table: str, row: str, source: str = " FROM (SELECT 1) one") -> str:
    """SQL selecting (council, person, premises changed) for `row` (NEW, OLD, or a transition table's alias
    with `source` naming it) of `table`: the rows of the change log one changed row adds. An address names
    every person living there (their candidates carry its postcode) and the premises; a measure names its
    person, and the premises if it has some."""
    if table == "register_measure":
        return f"SELECT {row}.council_id AS c, {row}.person_id AS p, {row}.premises_id IS NOT NULL AS prem{source}"
    if table == "people_person":
        return f"SELECT {row}.council_id AS c, {row}.id AS p, false AS prem{source}"
    if table in VIA_PERSON:
        return f"SELECT (SELECT pp.council_id FROM people_person pp WHERE pp.id = {row}.person_id) AS c, {row}.person_id AS p, false AS prem{source}"  # noqa: S608
    if table == "people_address":
        return f"SELECT {row}.council_id AS c, pa.person_id AS p, true AS prem{source} LEFT JOIN people_personaddress pa ON pa.address_id = {row}.id"
    return f"SELECT {row}.council_id AS c, {row}.person_id AS p, false AS prem{source}"


# Every name in the SQL below is one of this module's constants, never input: hence the noqa S608s.
def _sqlite_record(table: str, rows: tuple[str, ...]) -> str:
    """Body of a row trigger: for each council the changed row(s) belong to, a new token, the log rows
    carrying it, and the newest log id in the version row."""
    changes = " UNION ALL ".join(_changes(table, row) for row in rows)
    every = EVERY_COUNCIL.hex
    return (
        f"INSERT INTO {TABLE} (council_id, token, last_change) SELECT DISTINCT COALESCE(c, '{every}'), "  # noqa: S608
        f"lower(hex(randomblob(16))), 0 FROM ({changes}) x WHERE true "
        "ON CONFLICT(council_id) DO UPDATE SET token = excluded.token; "
        f"INSERT INTO {LOG} (council_id, person_id, premises, token, created_at) "
        f"SELECT COALESCE(c, '{every}'), p, max(prem), (SELECT token FROM {TABLE} WHERE council_id = COALESCE(c, '{every}')), "
        f"strftime('%Y-%m-%d %H:%M:%f', 'now') FROM ({changes}) x GROUP BY COALESCE(c, '{every}'), p; "
        f"UPDATE {TABLE} SET last_change = (SELECT max(id) FROM {LOG} l WHERE l.council_id = {TABLE}.council_id) "
        f"WHERE council_id IN (SELECT COALESCE(c, '{every}') FROM ({changes}) x);"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def _sqlite_statements() -> list[str]:
    sql = []
    for table, columns, on_insert in WATCHED:
        events = [("del", "DELETE", "", _sqlite_record(table, ("OLD",)))]
        if on_insert:
            events.append(("ins", "INSERT", "", _sqlite_record(table, ("NEW",))))
        if columns:
            events.append(("upd", f"UPDATE OF {', '.join(columns)}", f" WHEN {_changed(columns)}", _sqlite_record(table, ("NEW", "OLD"))))
        else:
            events.append(("upd", "UPDATE", "", _sqlite_record(table, ("NEW", "OLD"))))
        for suffix, event, when, body in events:
            # Dropped first: an older version of a trigger (before the change log) has the same name.
            sql.append(f"DROP TRIGGER IF EXISTS {PREFIX}{table}_{suffix};")
            sql.append(f"CREATE TRIGGER {PREFIX}{table}_{suffix} AFTER {event} ON {table} "
                       f"FOR EACH ROW{when} BEGIN {body} END;")
    return sql


_PG_RECORD = f"""
DO $$ BEGIN
    CREATE TYPE {PREFIX}change AS (council uuid, person uuid, premises boolean);
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
CREATE OR REPLACE FUNCTION {PREFIX}record(changes {PREFIX}change[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_council uuid;
    v_token text;
    v_last bigint;
BEGIN
    -- The councils in the same order in every writer, so two bulk statements cannot deadlock on their rows.
    FOR v_council IN SELECT DISTINCT coalesce(x.council, '{EVERY_COUNCIL}'::uuid) FROM unnest(changes) x ORDER BY 1 LOOP
        v_token := replace(gen_random_uuid()::text, '-', '');
        -- The row's lock first: it orders this council's log ids as their transactions commit.
        INSERT INTO {TABLE} (council_id, token, last_change) VALUES (v_council, v_token, 0)
        ON CONFLICT (council_id) DO UPDATE SET token = EXCLUDED.token;
        WITH added AS (
            INSERT INTO {LOG} (council_id, person_id, premises, token, created_at)
            SELECT v_council, x.person, bool_or(x.premises), v_token, now() FROM unnest(changes) x
            WHERE coalesce(x.council, '{EVERY_COUNCIL}'::uuid) = v_council GROUP BY x.person
            RETURNING id)
        SELECT max(id) INTO v_last FROM added;
        UPDATE {TABLE} SET last_change = v_last WHERE council_id = v_council;
    END LOOP;
END $$;
"""  # noqa: S608


def _pg_array(table: str, rows: tuple[str, ...], source: str | None = None) -> str:
    changes = " UNION ALL ".join(_changes(table, row, source) if source else _changes(table, row) for row in rows)
    return f"ARRAY(SELECT ROW(c, p, prem)::{PREFIX}change FROM ({changes}) x)"  # noqa: S608


def _pg_statements() -> list[str]:
    sql = [_PG_RECORD]
    for table, columns, on_insert in WATCHED:
        # Statement-level with transition tables where every row counts (one token per council per bulk
        # statement); PostgreSQL allows transition tables only on single-event triggers, hence one per event.
        old = _pg_array(table, ("r",), " FROM old_rows r")
        new = _pg_array(table, ("r",), " FROM new_rows r")
        both = f"{old} || {new}"
        sql.append(f"""
CREATE OR REPLACE FUNCTION {PREFIX}{table}_stmt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN PERFORM {PREFIX}record(ARRAY[ROW(NULL, NULL, true)::{PREFIX}change]);
    ELSIF TG_OP = 'DELETE' THEN PERFORM {PREFIX}record({old});
    ELSIF TG_OP = 'INSERT' THEN PERFORM {PREFIX}record({new});
    ELSE PERFORM {PREFIX}record({both});
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
    PERFORM {PREFIX}record({_pg_array(table, ("NEW", "OLD"))});
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
        cursor.execute(f"INSERT INTO {TABLE} (council_id, token, last_change) VALUES (%s, %s, 0) "  # noqa: S608
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
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}record({PREFIX}change[])")
            cursor.execute(f"DROP TYPE IF EXISTS {PREFIX}change")
            cursor.execute(f"DROP FUNCTION IF EXISTS {PREFIX}bump(uuid[])")  # migration 0006's


@dataclass(frozen=True)
class Version:
    """What one query tells a check: `token` (the council's, the every-council row's) vouches for an index;
    `council_token` and `position` (the newest change-log id of the council) say where the log stands."""

    token: str
    council_token: str
    position: int


def read(connection: BaseDatabaseWrapper, council_id: object) -> Version | None:
    """The council's version, or None when a trigger is missing (then nothing may be cached)."""
    expressions, params = read_expressions(connection, council_id)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expressions}", params)  # noqa: S608
        row = cursor.fetchone()
    return version_from(connection, row)


def read_expressions(connection: BaseDatabaseWrapper, council_id: object) -> tuple[str, list[Any]]:
    """`read`'s SELECT expressions and their parameters, for a caller that reads them in a statement of its own
    (a check counts itself against its rate limits and reads the version in one: checks.rate_limits)."""
    if connection.vendor == "postgresql":
        # Only the watched tables' triggers, through pg_trigger's (table, name) index: every check asks, and a scan
        # of the whole catalogue (four internal triggers per foreign key) cost 0.35 ms of it (issue 16). A missing
        # table gives no oid, so its triggers are missing too.
        tables = ", ".join(f"to_regclass('{table}')" for table, _columns, _on_insert in WATCHED)
        triggers = (f"SELECT count(*) FROM pg_trigger WHERE tgrelid = ANY(ARRAY[{tables}]) "  # noqa: S608
                    f"AND tgname LIKE '{PREFIX}%%' AND NOT tgisinternal")
    else:
        triggers = f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '{PREFIX}%%'"  # noqa: S608
    pk = Organisation._meta.pk
    assert pk is not None
    council, every = (pk.get_db_prep_value(c, connection) for c in (council_id, EVERY_COUNCIL))
    token = f"COALESCE((SELECT token FROM {TABLE} WHERE council_id = %s), '{INITIAL}')"  # noqa: S608
    position = f"COALESCE((SELECT last_change FROM {TABLE} WHERE council_id = %s), 0)"  # noqa: S608
    return f"{token}, {token}, {position}, ({triggers})", [council, every, council]


def version_from(connection: BaseDatabaseWrapper, row: Sequence[object] | None) -> Version | None:
    """The Version in a row of `read_expressions`' values, or None when a trigger is missing."""
    if row is None or row[3] != expected_trigger_count(connection.vendor):
        return None
    return Version(token=f"{row[0]}:{row[1]}", council_token=str(row[0]), position=int(row[2]))  # type: ignore[call-overload]


def current(connection: BaseDatabaseWrapper, council_id: object) -> str | None:
    """The council's token, or None when a trigger is missing (then nothing may be cached)."""
    version = read(connection, council_id)
    return version.token if version else None


def register_changes_trim(*, today: object = None) -> dict[str, int]:
    """Daily step: delete change-log rows older than SAFECONTACT_REGISTER_CHANGES_KEEP_HOURS, except each
    council's newest (a worker whose index is at that position still patches from it). A worker whose position
    was trimmed rebuilds its index whole, so this only bounds the table."""
    cutoff = timezone.now() - timedelta(hours=getattr(settings, "SAFECONTACT_REGISTER_CHANGES_KEEP_HOURS", 24))
    newest = list(RegisterChange.objects.order_by().values("council_id").annotate(newest=Max("id")).values_list("newest", flat=True))
    removed, _ = RegisterChange.objects.filter(created_at__lt=cutoff).exclude(id__in=newest).delete()
    return {"removed": removed}
