"""A check's one query of the live measures of the people it matched, written by the ORM once per process and then
only run (issue 16).

Building that queryset (the live filter with its negated interim clause, the "not the same person" subquery) and
compiling it cost about 2 ms of every check that matched someone: more than running it. Its shape never changes,
only its values: the council, the day, the people and the identity checked. So on PostgreSQL the ORM builds and
compiles it once with stand-in values, the people's ids as one array parameter (`= ANY(%s)`, so the text does not
depend on how many there are), and each check runs that text with its own values through `Measure.objects.raw`
(the same model instances, the annotation as an attribute). Any change to the model, `live_filter` or the
annotation reaches the text at the next start: nothing here is written by hand. On SQLite (the demo), which has no
arrays, the queryset is built every time, as before; both paths are tested to return the same rows.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
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

_templates: dict[tuple[str, bool, bool], tuple[str, tuple[Any, ...]]] = {}
_lock = threading.Lock()


def _queryset(*, council_id: Any, today: date, person_ids: Sequence[Any], identity: str | None, few: bool = False) -> QuerySet[Measure]:
    measures = Measure.objects.filter(live_filter(today), council_id=council_id, person_id__in=person_ids).order_by()
    if few:
        measures = measures.only(*FEW_FIELDS)
    if identity is not None:
        measures = measures.annotate(**remembered_annotations(council_id=council_id, identity=identity))
    return measures


def _template(with_identity: bool, few: bool) -> tuple[str, tuple[Any, ...]]:
    """The query's text with `= ANY(%s)` for the people, and its parameters with the stand-ins in them."""
    key = (connection.alias, with_identity, few)
    found = _templates.get(key)
    if found is None:
        queryset = _queryset(council_id=_COUNCIL, today=_DAY, person_ids=[_PERSON], identity=_IDENTITY if with_identity else None,
                             few=few)
        sql, params = queryset.query.get_compiler(using=connection.alias).as_sql()
        # The people's IN list once, and every stand-in among the parameters: else the ORM wrote it in a way this
        # module does not know, and it refuses rather than run a query it cannot vouch for.
        expected = {_COUNCIL, _PERSON, _DAY} | ({_IDENTITY} if with_identity else set())
        if sql.count(_PERSON_IN) != 1 or not expected <= {p for p in params if _is_stand_in(p)}:
            raise RuntimeError(f"the measures query changed shape; update {__name__}: {sql}")
        found = (sql.replace(_PERSON_IN, '"register_measure"."person_id" = ANY(%s)'), tuple(params))
        with _lock:
            _templates[key] = found
    return found


def live_measures_of(*, council_id: Any, today: date, person_ids: Sequence[Any], identity: str | None = None,
                     few: bool = False) -> list[Measure]:
    """The live measures of these people, each with `desk.REMEMBERED_AT` when `identity` is given, in no order;
    with `few`, only FEW_FIELDS (any other field is read from the database when first asked for)."""
    if connection.vendor != "postgresql" or not person_ids:
        return list(_queryset(council_id=council_id, today=today, person_ids=person_ids, identity=identity, few=few))
    sql, stand_ins = _template(identity is not None, few)
    values = {_COUNCIL: council_id, _DAY: today, _IDENTITY: identity, _PERSON: list(person_ids)}
    params = [values.get(p, p) if _is_stand_in(p) else p for p in stand_ins]
    return list(Measure.objects.raw(sql, params))


def _is_stand_in(value: Any) -> bool:
    return isinstance(value, (uuid.UUID, date, str)) and value in (_COUNCIL, _PERSON, _DAY, _IDENTITY)
