"""Signed checkpoints of each audit chain's head, kept outside the database.

A keyed chain stops anyone editing an event and recomputing the links, but someone who can write to
the database could still delete the newest events and move the head back, or restore an old backup:
what is left is a valid, shorter chain. So every so often (the daily run, and `manage.py
audit_checkpoint` from cron) each chain's head — sequence number and link — is appended, with a MAC, to
a file of its own under AUDIT_CHECKPOINT_DIR. `verify_audit` then requires every checkpointed link to
still be in the database. Ship the directory to a log store the database's administrators cannot
write to for the strongest guarantee.

Lines are JSON: {"chain", "seq", "hash", "at", "mac"}; a line whose MAC is wrong is itself reported.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from safecontact.audit.chain import chain_key, sign
from safecontact.audit.models import AuditChainHead, AuditEvent

FIELDS = ("chain", "seq", "hash", "at")


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    seq: int
    hash: str
    at: str
    valid: bool


def checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def _path(chain: str) -> Path:
    # Chains are council UUIDs or "system": nothing that could climb out of the folder.
    safe = "".join(ch for ch in chain if ch.isalnum() or ch == "-")
    return checkpoint_dir() / f"{safe}.jsonl"


def read_checkpoints(chain: str) -> list[Checkpoint]:
    path = _path(chain)
    if not path.exists():
        return []
    key = chain_key()
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            payload = {name: row[name] for name in FIELDS}
            valid = row["mac"] == sign(payload, key=key) and row["chain"] == chain
            found.append(Checkpoint(chain=chain, seq=int(row["seq"]), hash=str(row["hash"]), at=str(row["at"]), valid=valid))
        except (ValueError, KeyError, TypeError):
            found.append(Checkpoint(chain=chain, seq=0, hash="", at="", valid=False))
    return found


def checkpointed_chains() -> list[str]:
    folder = checkpoint_dir()
    return sorted(path.stem for path in folder.glob("*.jsonl")) if folder.exists() else []


def _append(chain: str, payload: dict[str, Any]) -> None:
    line = json.dumps({**payload, "mac": sign(payload)}, sort_keys=True) + "\n"
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # O_APPEND: concurrent writers (two daily runs) each add whole lines; fsync so a crash keeps it.
    fd = os.open(_path(chain), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def audit_checkpoint_write() -> dict[str, int]:
    """Append the current head of every chain that moved since its last checkpoint."""
    written = unchanged = 0
    for head in AuditChainHead.objects.order_by("chain"):
        previous = read_checkpoints(head.chain)
        if previous and previous[-1].seq == head.seq and previous[-1].hash == head.last_hash:
            unchanged += 1
            continue
        payload = {"chain": head.chain, "seq": head.seq, "hash": head.last_hash,
                   "at": datetime.now(UTC).isoformat(timespec="seconds")}
        _append(head.chain, payload)
        written += 1
    return {"written": written, "unchanged": unchanged}


def audit_checkpoints_daily(*, today: date | None = None) -> dict[str, int]:
    """The daily run's step (see core/jobs.py). It reports no counts: the run's figures are records
    processed, and a checkpoint is written every day the trail moved."""
    audit_checkpoint_write()
    return {}


def checkpoint_breaks(chain: str) -> list[tuple[int, str]]:
    """(seq, reason) for every checkpoint the database no longer agrees with."""
    checkpoints = read_checkpoints(chain)
    problems = [(c.seq, "a checkpoint line has been altered (its signature does not match)") for c in checkpoints if not c.valid]
    good = [c for c in checkpoints if c.valid]
    if not good:
        return problems
    links = dict(AuditEvent.objects.filter(chain=chain, seq__in={c.seq for c in good}).values_list("seq", "hash"))
    head_seq = AuditEvent.objects.filter(chain=chain).order_by("-seq").values_list("seq", flat=True).first() or 0
    for checkpoint in good:
        if checkpoint.seq == 0:
            continue
        if checkpoint.seq > head_seq:
            problems.append((checkpoint.seq, f"the checkpoint of {checkpoint.at} recorded event {checkpoint.seq}, but the chain ends at "
                                             f"{head_seq}: events were removed or an older backup was restored"))
        elif links.get(checkpoint.seq) != checkpoint.hash:
            problems.append((checkpoint.seq, f"event {checkpoint.seq} differs from the checkpoint of {checkpoint.at}: the chain was "
                                             "rewritten or replaced by an older backup"))
    return problems
