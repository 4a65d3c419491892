"""Appending many events to one council's chain at once (bulk imports).

The same events, sequence numbers and hashes as calling `audit_record` once per event, in order,
but under one lock of the chain head and with the rows written in bulk (COPY on PostgreSQL). Call it inside the
import's transaction so that the records and their events commit together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model

from safecontact.audit.chain import chain_key, compute_hash
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditChainHead, AuditEvent
from safecontact.audit.services import SYSTEM_CHAIN, _actor_fields, _check_data
from safecontact.core.bulk_insert import insert_all

if TYPE_CHECKING:
    from safecontact.accounts.models import Organisation

BATCH_SIZE = 2000


@dataclass
class PendingEvent:
    """One event to append: the arguments `audit_record` takes, minus the council (one chain per call)."""

    actor: Any
    event: EventType
    subject: Model | None = None
    data: dict[str, Any] = field(default_factory=dict)


def audit_record_many(*, council: Organisation | None, events: list[PendingEvent]) -> list[AuditEvent]:
    """Append `events`, in order, to the council's chain; returns the saved rows."""
    if not events:
        return []
    chain = str(council.pk) if council is not None else SYSTEM_CHAIN
    prepared = []
    for pending in events:  # refuse personal data before locking anything
        data = dict(pending.data or {})
        _check_data(data)
        prepared.append((pending, data))
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
        if head is None:
            AuditChainHead.objects.get_or_create(chain=chain)
            head = AuditChainHead.objects.select_for_update().get(chain=chain)
        seq, last_hash = head.seq, head.last_hash
        key = chain_key()
        records = []
        for pending, data in prepared:
            actor_type, actor_id = _actor_fields(pending.actor)
            seq += 1
            record = AuditEvent(
                chain=chain,
                seq=seq,
                council_id=council.pk if council is not None else None,
                occurred_at=dt.datetime.now(dt.UTC),
                actor_type=actor_type,
                actor_id=actor_id,
                event_type=str(pending.event),
                subject_type=pending.subject._meta.label_lower if pending.subject is not None else "",
                subject_id=str(pending.subject.pk) if pending.subject is not None else "",
                data=data,
                prev_hash=last_hash,
            )
            record.hash = compute_hash(record, last_hash, key=key)
            last_hash = record.hash
            records.append(record)
        insert_all(AuditEvent, records, batch_size=BATCH_SIZE)
        head.seq, head.last_hash = seq, last_hash
        head.save(update_fields=["seq", "last_hash"])
    return records
