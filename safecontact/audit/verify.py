"""Checks every chain link by link against the key, then against the signed checkpoints kept outside
the database; reports the first broken link of each chain."""

from dataclasses import dataclass

from safecontact.audit.chain import GENESIS_HASH, chain_key, compute_hash
from safecontact.audit.checkpoints import checkpoint_breaks, checkpointed_chains
from safecontact.audit.models import AuditChainHead, AuditEvent


@dataclass(frozen=True)
class Break:
    chain: str
    seq: int
    reason: str


def verify_chain(chain: str) -> Break | None:
    key = chain_key()
    prev_hash = GENESIS_HASH
    expected_seq = 1
    events = AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    for event in events:
        if event.seq != expected_seq:
            return Break(chain, expected_seq, f"event {expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return Break(chain, event.seq, "does not link to the event before it")
        if compute_hash(event, prev_hash, key=key) != event.hash:
            return Break(chain, event.seq, "its content no longer matches its hash")
        prev_hash = event.hash
        expected_seq += 1
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != expected_seq - 1 or head.last_hash != prev_hash):
        return Break(chain, expected_seq, "events after this point were removed")
    if problems := checkpoint_breaks(chain):
        seq, reason = problems[0]
        return Break(chain, seq, reason)
    return None


def verify_all() -> tuple[int, list[Break]]:
    chains = set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    chains |= set(AuditChainHead.objects.values_list("chain", flat=True))
    chains |= set(checkpointed_chains())
    breaks = [b for chain in sorted(chains) if (b := verify_chain(chain)) is not None]
    return len(chains), breaks
