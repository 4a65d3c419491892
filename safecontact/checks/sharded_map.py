"""A read-only mapping a patched copy of the register index can share most of (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any


class ShardedMap(Mapping[Any, Any]):
    """A read-only mapping kept as SHARDS dictionaries chosen by the key's hash, so that a patched copy copies only
    the shards its changes touch and shares the rest (issue 16: at 50,000 live entries the key map holds about
    270,000 keys, and copying it whole was 26 ms of every update after a change)."""

    SHARDS = 64
    __slots__ = ("_shards",)

    def __init__(self, items: Mapping[Any, Any] | None = None, *, shards: tuple[dict[Any, Any], ...] | None = None) -> None:
        if shards is None:
            shards = tuple({} for _ in range(self.SHARDS))
            for key, value in (items or {}).items():
                shards[hash(key) % self.SHARDS][key] = value
        self._shards = shards

    def __getitem__(self, key: Any) -> Any:
        return self._shards[hash(key) % self.SHARDS][key]

    def get(self, key: Any, default: Any = None) -> Any:
        return self._shards[hash(key) % self.SHARDS].get(key, default)

    def __iter__(self) -> Iterator[Any]:
        for shard in self._shards:
            yield from shard

    def __len__(self) -> int:
        return sum(len(shard) for shard in self._shards)

    def with_changes(self, changes: Mapping[Any, Any]) -> ShardedMap:
        """A copy with the changes made (a value of None removes its key); shards no change touches are shared."""
        shards = list(self._shards)
        copied: set[int] = set()
        for key, value in changes.items():
            at = hash(key) % self.SHARDS
            if at not in copied:
                shards[at] = dict(shards[at])
                copied.add(at)
            if value is None:
                shards[at].pop(key, None)
            else:
                shards[at][key] = value
        return ShardedMap(shards=tuple(shards))
