"""Inserting many new rows at once: `bulk_create`, or PostgreSQL's COPY when the database is PostgreSQL.

COPY takes the same values `bulk_create` would send (each field's `pre_save` and `get_db_prep_save`, so
`auto_now` times and JSON are as the ORM makes them) without building an INSERT statement per batch: on
tens of thousands of rows it is several times faster. The objects must be new, with their primary keys
set in Python (UUIDs) or left to the database (auto-incremented ids, which are then not read back).
Constraints, triggers and foreign keys apply as for any insert.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any, TypeVar
from uuid import UUID

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.base import ModelState

AUTO_FIELDS = ("AutoField", "BigAutoField", "SmallAutoField")
M = TypeVar("M", bound=models.Model)


def insert_all(model: type[models.Model], objs: Sequence[models.Model], batch_size: int = 1000) -> None:
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, batch_size=batch_size)
        return
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() in AUTO_FIELDS)]
    quote = connection.ops.quote_name
    sql = f"COPY {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"
    # The driver's cursor, for COPY; Django's wrapper turns its errors into django.db errors (IntegrityError…).
    plain = [_plain_types(f) for f in fields]
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            row = []
            for f, types in zip(fields, plain, strict=True):
                value = f.pre_save(obj, True)
                row.append(value if type(value) in types else f.get_db_prep_save(value, connection))
            copy.write_row(row)
            obj._state.adding, obj._state.db = False, connection.alias


@cache
def _plain_types(field: models.Field) -> tuple[type, ...]:  # type: ignore[type-arg]
    """Value types that this field's `get_db_prep_save` returns unchanged on PostgreSQL, so COPY can take them
    as they are (a million calls saved on a 10,000-row import). Exact classes only: a subclass may prepare."""
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    kind = type(target)
    if kind in (models.CharField, models.TextField, models.SlugField, models.EmailField):
        return (str,)
    if kind in (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField, models.SmallIntegerField,
                models.BigIntegerField):
        return (int,)
    if kind is models.BooleanField:
        return (bool,)
    if kind is models.DateField:
        return (date,)
    if kind is models.UUIDField:
        return (UUID,)
    return ()


def insert_values(model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence[object]], batch_size: int = 5000) -> None:
    """New rows given as plain values of `attnames` (no model instances are built on PostgreSQL): for narrow
    tables of many rows, such as search keys. The values must already be what the columns hold."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=batch_size)
        return
    quote = connection.ops.quote_name
    column_of = {f.attname: f.column for f in model._meta.concrete_fields}
    columns = ", ".join(quote(column_of[name]) for name in attnames)
    with connection.cursor() as cursor, connection.wrap_database_errors, \
            cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def clone(proto: M, **attnames: object) -> M:
    """A new unsaved instance like `proto` (made once, with the values many rows share) with `attnames` (field
    attnames such as `person_id`, and a new `id`) set, without running the model's __init__ for every row.
    Values of `proto` are shared, not copied: only for objects that are inserted and not changed in place."""
    obj = proto.__class__.__new__(proto.__class__)
    obj.__dict__ = {**proto.__dict__, "_state": ModelState(), **attnames}
    return obj


def insert_together(objs: Sequence[models.Model], *, then: tuple[str, Sequence[Any]] | None = None) -> tuple[Any, ...] | None:
    """A few new rows, of one model or several, written in this order in one statement on PostgreSQL: a data-modifying
    WITH, one round trip where one INSERT each would take several (a check, its measures and its possible-match work
    item: issue 16). Elsewhere, one `bulk_create` for each run of the same model. As `insert_all`: each field's
    `pre_save` and `get_db_prep_save`, no signals, primary keys set in Python or auto-incremented (not read back).
    The database checks foreign keys at the end of the statement (Django makes them deferrable), so a row may refer
    to one written before it in the same call.

    `then`: a SELECT (SQL and parameters) run after the inserts, as the same statement's last part on PostgreSQL;
    its first row is returned (the audit chain's head, locked: `audit.services`). On PostgreSQL it shares the
    statement's snapshot, so it does not see the rows written here: ask it only about other tables."""
    connection = connections[router.db_for_write(type(objs[0]) if objs else models.Model)]
    runs: list[list[models.Model]] = []
    for obj in objs:
        if runs and type(runs[-1][0]) is type(obj):
            runs[-1].append(obj)
        else:
            runs.append([obj])
    if connection.vendor != "postgresql":
        for run in runs:
            type(run[0])._base_manager.bulk_create(run)
        return _first_row(connection, *then) if then is not None else None
    quote = connection.ops.quote_name
    statements: list[str] = []
    params: list[Any] = []
    for run in runs:
        meta = type(run[0])._meta
        fields = [f for f in meta.concrete_fields if not (f.primary_key and f.get_internal_type() in AUTO_FIELDS)]
        row = f"({', '.join(['%s'] * len(fields))})"
        # Only the models' own quoted table and column names are formatted in; every value is a parameter.
        statements.append(f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
                          f"VALUES {', '.join([row] * len(run))}")
        plain = [_plain_types(f) for f in fields]  # as insert_all: a check's dozens of links skip the ORM's preparing
        for obj in run:
            for f, types in zip(fields, plain, strict=True):
                value = f.pre_save(obj, True)
                params.append(value if type(value) in types else f.get_db_prep_save(value, connection))
    if then is not None:
        statements.append(then[0])
        params += list(then[1])
    if not statements:
        return None
    *first, last = statements
    sql = (f"WITH {', '.join(f'i{n} AS ({s})' for n, s in enumerate(first))} {last}") if first else last
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone() if then is not None else None
    for obj in objs:
        obj._state.adding, obj._state.db = False, connection.alias
    return tuple(found) if found is not None else None


def _first_row(connection: BaseDatabaseWrapper, sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        found = cursor.fetchone()
    return tuple(found) if found is not None else None
