"""A check's one query of the live measures of the people it matched, written by the ORM once per process and then
only run (issue 16).

Building that queryset (the live filter with its negated interim clause, the "not the same person" subquery) and
compiling it cost about 2 ms of every check that matched someone: more than running it. Its shape never changes,
only its values: the council, the day, the people and the identity checked. So on PostgreSQL the ORM builds and
compiles it once with stand-in values, the people's ids as one array parameter (`= ANY(%s::uuid[])`, sent as one
text literal, so the text does not depend on how many there are), and each check runs that text with its own values
and builds the model instances as the ORM's own iterator does (`Model.from_db` with the compiled select list, the
annotation as an attribute): `Measure.objects.raw` cost a check that matched 46 entries 0.2-0.4 ms more. Any change
to the model, `live_filter` or the annotation reaches the text at the next start: nothing here is written by hand. On SQLite (the demo), which has no
arrays, the queryset is built every time, as before; both paths are tested to return the same rows.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from safecontact.checks.desk import remembered_annotations
from safecontact.register.models import Measure, live_filter

# Stand-ins, recognised among the compiled parameters and replaced by each check's own values.
_COUNCIL = uuid.UUID("00000000-0000-4000-8000-0000000c0c11")
_PERSON = uuid.UUID("00000000-0000-4000-8000-00000000b0d1")
_DAY = date(1901, 2, 3)
_IDENTITY = "stand-in identity: never a sha256 hex digest"
_PERSON_IN = '"register_measure"."person_id" IN (%s)'

#: What a check reads of a measure it shows no details of (a possible match's, or any when the page reads the
#: precautions itself): the rest is deferred, and a model instance costs a third less to build from the row.
FEW_FIELDS = ("id", "created_at", "updated_at", "council_id", "person_id", "premises_id", "status")

@dataclass(frozen=True)
class _Template:
    sql: str
    params: tuple[Any, ...]  # with the stand-ins among them
    attnames: tuple[str, ...]  # the model's columns, first in each row, as from_db takes them
    annotations: tuple[tuple[str, int], ...]  # (attribute, column) of each annotation
    converters: tuple[tuple[int, tuple[Any, Any]], ...]  # the compiler's (column, (converters, expression)): none on
    # PostgreSQL today, applied as the ORM applies them if a field ever brings one


_templates: dict[tuple[str, bool, bool], _Template] = {}
_lock = threading.Lock()


def _queryset(*, council_id: Any, today: date, person_ids: Sequence[Any], identity: str | None, few: bool = False) -> QuerySet[Measure]:
    measures = Measure.objects.filter(live_filter(today), council_id=council_id, person_id__in=person_ids).order_by()
    if few:
        measures = measures.only(*FEW_FIELDS)
    if identity is not None:
        measures = measures.annotate(**remembered_annotations(council_id=council_id, identity=identity))
    return measures


def _template(with_identity: bool, few: bool) -> _Template:
    """The query's text with `= ANY(%s::uuid[])` for the people, its parameters with the stand-ins in them, and how
    its rows become instances (what the ORM's ModelIterable reads from the compiler)."""
    key = (connection.alias, with_identity, few)
    found = _templates.get(key)
    if found is None:
        queryset = _queryset(council_id=_COUNCIL, today=_DAY, person_ids=[_PERSON], identity=_IDENTITY if with_identity else None,
                             few=few)
        compiler = queryset.query.get_compiler(using=connection.alias)
        sql, params = compiler.as_sql()
        # The people's IN list once, every stand-in among the parameters, and the model's columns first with only
        # annotations after: else the ORM wrote it in a way this module does not know, and it refuses rather than
        # run a query it cannot vouch for.
        expected = {_COUNCIL, _PERSON, _DAY} | ({_IDENTITY} if with_identity else set())
        fields = compiler.klass_info["select_fields"] if compiler.klass_info else []
        annotations = tuple(sorted(compiler.annotation_col_map.items(), key=lambda item: item[1]))
        if (sql.count(_PERSON_IN) != 1 or not expected <= {p for p in params if _is_stand_in(p)}
                or fields != list(range(len(fields))) or [col for _name, col in annotations] != list(range(len(fields), len(compiler.select)))):
            raise RuntimeError(f"the measures query changed shape; update {__name__}: {sql}")
        found = _Template(
            sql=sql.replace(_PERSON_IN, '"register_measure"."person_id" = ANY(%s::uuid[])'), params=tuple(params),
            attnames=tuple(compiler.select[i][0].target.attname for i in fields), annotations=annotations,
            converters=tuple(compiler.get_converters([s[0] for s in compiler.select]).items()))
        with _lock:
            _templates[key] = found
    return found


def live_measures_of(*, council_id: Any, today: date, person_ids: Sequence[Any], identity: str | None = None,
                     few: bool = False) -> list[Measure]:
    """The live measures of these people, each with `desk.REMEMBERED_AT` when `identity` is given, in no order;
    with `few`, only FEW_FIELDS (any other field is read from the database when first asked for)."""
    if connection.vendor != "postgresql" or not person_ids:
        return list(_queryset(council_id=council_id, today=today, person_ids=person_ids, identity=identity, few=few))
    template = _template(identity is not None, few)
    people = "{" + ",".join(str(pk) for pk in person_ids) + "}"  # one text literal: quoting each id cost more
    values = {_COUNCIL: council_id, _DAY: today, _IDENTITY: identity, _PERSON: people}
    params = [values.get(p, p) if _is_stand_in(p) else p for p in template.params]
    with connection.cursor() as cursor:
        cursor.execute(template.sql, params)
        rows: Any = cursor.fetchall()
    if template.converters:  # SQLCompiler.apply_converters, with this thread's connection (a compiler keeps its own)
        rows = [list(row) for row in rows]
        for row in rows:
            for column, (functions, expression) in template.converters:
                for convert in functions:
                    row[column] = convert(row[column], expression, connection)
    width, db = len(template.attnames), connection.alias
    measures = []
    for row in rows:
        measure = Measure.from_db(db, template.attnames, row[:width])
        for name, column in template.annotations:
            setattr(measure, name, row[column])
        measures.append(measure)
    return measures


def _is_stand_in(value: Any) -> bool:
    return isinstance(value, (uuid.UUID, date, str)) and value in (_COUNCIL, _PERSON, _DAY, _IDENTITY)
