"""The hash of one audit event: SHA-256 over its previous hash and a canonical JSON of its fields."""

import hashlib
import json
from typing import Any

GENESIS_HASH = "0" * 64


def canonical(event: Any) -> str:
    occurred = event.occurred_at
    return json.dumps(
        {
            "chain": event.chain,
            "seq": event.seq,
            "council_id": str(event.council_id) if event.council_id else None,
            "occurred_at": occurred.isoformat(timespec="microseconds"),
            "actor_type": event.actor_type,
            "actor_id": str(event.actor_id) if event.actor_id else None,
            "event_type": event.event_type,
            "subject_type": event.subject_type,
            "subject_id": event.subject_id,
            "data": event.data,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )


def compute_hash(event: Any, prev_hash: str) -> str:
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()
