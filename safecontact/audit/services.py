"""audit_record(): the only way an audit event is written.

Call it inside the service's transaction so that the change and its event commit together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Model

from safecontact.audit.chain import compute_hash
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditChainHead, AuditEvent
from safecontact.core.bulk_insert import insert_together

if TYPE_CHECKING:
    from safecontact.accounts.models import Organisation, User

SYSTEM_CHAIN = "system"
# Audit rows outlive the records they describe, so they must never hold personal data.
FORBIDDEN_DATA_KEYS = frozenset(
    {"name", "full_name", "first_name", "last_name", "email", "date_of_birth", "dob", "address", "postcode", "query", "search", "phone"}
)
ScalarValue = str | int | float | bool | None


def _check_data(data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key in FORBIDDEN_DATA_KEYS:
            raise ValueError(f"Audit data must not hold personal data ({key!r}).")
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, ScalarValue) for v in values):
            raise ValueError(f"Audit data values must be identifiers or flags ({key!r}).")


def _actor_fields(actor: Any) -> tuple[str, UUID | None]:
    if actor is None:
        return AuditEvent.ActorType.SYSTEM, None
    if getattr(actor, "is_api_client", False):
        return AuditEvent.ActorType.API_CLIENT, actor.pk
    if not getattr(actor, "is_authenticated", False):
        return AuditEvent.ActorType.ANONYMOUS, None
    return AuditEvent.ActorType.USER, actor.pk


def audit_record(
    *,
    actor: User | Any | None,
    event: EventType,
    council: Organisation | None,
    subject: Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the council's chain. `actor=None` means the system itself."""
    return audit_records(actor=actor, council=council, events=[(event, subject, data)])[0]


AuditEntry = tuple[EventType, Model | None, dict[str, Any] | None]  # what happened, to what, and its identifiers


def audit_records(*, actor: User | Any | None, council: Organisation | None, events: Sequence[AuditEntry],
                  insert_first: Sequence[Model] = ()) -> list[AuditEvent]:
    """Append several events by one actor to the council's chain, in order, under one lock of its head: a check that
    opens a possible match appends two, and each append is round trips to the database (issue 16). `insert_first`:
    the caller's new rows (a check, its links, its work item), written in the statement that locks the head
    (`core.bulk_insert.insert_together`): a check's writes are then two statements."""
    entries = [(event, subject, dict(data or {})) for event, subject, data in events]
    if not entries:
        insert_together(insert_first)  # the caller's rows are written whether or not there is an event
        return []
    for _event, _subject, data in entries:
        _check_data(data)
    chain = str(council.pk) if council is not None else SYSTEM_CHAIN
    actor_type, actor_id = _actor_fields(actor)
    # No savepoint: the events belong to the caller's transaction, and a failure here must fail it whole.
    with transaction.atomic(savepoint=False):
        # The row lock serialises appends to one council's chain; other councils are unaffected. The head
        # exists after a chain's first event, so lock it straight away and create it only when missing.
        head = _locked_head(chain, insert_first)
        if head is None:
            AuditChainHead.objects.get_or_create(chain=chain)
            head = _locked_head(chain)
            assert head is not None  # created (or found) just now, inside this transaction
        records, (seq, last_hash) = [], head
        for event, subject, data in entries:
            record = AuditEvent(
                chain=chain,
                seq=seq + 1,
                council_id=council.pk if council is not None else None,
                occurred_at=dt.datetime.now(dt.UTC),
                actor_type=actor_type,
                actor_id=actor_id,
                event_type=str(event),
                subject_type=subject._meta.label_lower if subject is not None else "",
                subject_id=str(subject.pk) if subject is not None else "",
                data=data,
                prev_hash=last_hash,
            )
            record.hash = compute_hash(record, last_hash)
            records.append(record)
            seq, last_hash = record.seq, record.hash
        if connection.vendor == "postgresql":
            _insert_and_advance(records)
        else:
            for record in records:
                record.save(force_insert=True)
            AuditChainHead.objects.filter(chain=chain).update(seq=seq, last_hash=last_hash)
    return records


def _locked_head(chain: str, insert_first: Sequence[Model] = ()) -> tuple[int, str] | None:
    """The chain head's position and hash, locked until the transaction ends (SQLite locks the whole database for a
    write transaction instead), after the caller's new rows are written, in the same statement on PostgreSQL. Written
    out, not built by the ORM: every audited request asks it, and building and compiling
    `select_for_update().filter().first()` cost more than the round trip (issue 16)."""
    q, meta = connection.ops.quote_name, AuditChainHead._meta
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    # Only the model's own quoted table and column names are formatted in; the chain is a parameter.
    sql = (f"SELECT {q(meta.get_field('seq').column)}, {q(meta.get_field('last_hash').column)} FROM {q(meta.db_table)} "  # noqa: S608
           f"WHERE {q(meta.get_field('chain').column)} = %s{lock}")
    row = insert_together(insert_first, then=(sql, [chain]))
    return (int(row[0]), str(row[1])) if row is not None else None


def _insert_and_advance(records: list[AuditEvent]) -> None:
    """The events' INSERT and the chain head's UPDATE in one statement (a data-modifying WITH, PostgreSQL's): every
    statement is a round trip, and a check appends one or two events (issue 16). The head is already locked. Raw
    SQL sends no model signals and calls no field's pre_save: nothing listens to AuditEvent's, and every value
    is set above."""
    fields = AuditEvent._meta.concrete_fields
    q = connection.ops.quote_name
    head = AuditChainHead._meta
    row = f"({', '.join(['%s'] * len(fields))})"
    # Only the models' own quoted table and column names are formatted in; every value is a parameter.
    sql = (
        f"WITH event AS (INSERT INTO {q(AuditEvent._meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES {', '.join([row] * len(records))}) "
        f"UPDATE {q(head.db_table)} SET {q(head.get_field('seq').column)} = %s, {q(head.get_field('last_hash').column)} = %s "
        f"WHERE {q(head.get_field('chain').column)} = %s"
    )
    params = [f.get_db_prep_save(getattr(record, f.attname), connection) for record in records for f in fields]
    last = records[-1]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, last.seq, last.hash, last.chain])
        if cursor.rowcount != 1:  # the head was read under its lock a moment ago: never expected
            raise RuntimeError(f"Audit chain head {last.chain!r} was not advanced.")
    for record in records:
        record._state.adding, record._state.db = False, connection.alias


def audit_access(*, actor: Any, council: Organisation | None, subject: Model, list_of: str = "") -> AuditEvent:
    """Record that a person viewed a page or API response showing personal data."""
    if list_of:
        return audit_record(actor=actor, event=EventType.LISTED, council=council, subject=subject, data={"list": list_of})
    return audit_record(actor=actor, event=EventType.VIEWED, council=council, subject=subject)
