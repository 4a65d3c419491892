"""The link of one audit event: HMAC-SHA-256, keyed with AUDIT_CHAIN_KEY, over the previous link and a
canonical JSON of the event's fields.

Why keyed: an unkeyed SHA-256 chain can be recomputed by anyone who can write to the database, so an
edited event plus a recomputed chain would verify. The key lives in the environment, never in the
database, so such an edit shows. Removing the newest events (or restoring an old backup) is caught by
the signed checkpoints in `checkpoints.py`, which live outside the database too.
"""

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings

GENESIS_HASH = "0" * 64


def chain_key() -> bytes:
    """The key from settings; without one, a key derived from SECRET_KEY (never SECRET_KEY itself)."""
    configured = getattr(settings, "AUDIT_CHAIN_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"safecontact audit chain key v1", hashlib.sha256).digest()


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


def compute_hash(event: Any, prev_hash: str, *, key: bytes | None = None) -> str:
    return hmac.new(key or chain_key(), (prev_hash + canonical(event)).encode(), hashlib.sha256).hexdigest()


def unkeyed_hash(event: Any, prev_hash: str) -> str:
    """The chain before it was keyed (migration 0003 converts from it and back)."""
    return hashlib.sha256((prev_hash + canonical(event)).encode()).hexdigest()


def sign(payload: dict[str, Any], *, key: bytes | None = None) -> str:
    """A MAC over a JSON payload (checkpoint lines), with the chain's key."""
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hmac.new(key or chain_key(), b"checkpoint:" + text.encode(), hashlib.sha256).hexdigest()
