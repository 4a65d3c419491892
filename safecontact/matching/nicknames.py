"""Given-name equivalents (short forms, pet forms, spelling variants).

Two sources (ADR 0005, "Name knowledge"):

* ``nicknames.csv``, our reviewed list: each line is one group; two names are
  equivalent when they share a group. It covers the UK's main naming
  traditions (English, Welsh, Scottish, Irish, Polish and other Slavic, South
  Asian, Arabic, West African) and end-of-name short forms (Tina, Beth, Sandy).
* ``nicknames_upstream.csv``, an unmodified copy of ``names.csv`` from
  https://github.com/carltonnorthern/nicknames (Apache-2.0; see
  ``licences/NOTICE.md``): pairs (name, has_nickname, nickname), each read as a
  group of two, minus ``nicknames_exclude.csv`` and minus pairs of two full
  names of our own list that our list keeps apart (Patrick/Peter).

The relation is deliberately *not* transitive: Bert is a short form of both
Robert and Albert, but Robert and Albert are different names.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .normalise import normalise_name

DATA_FILE = Path(__file__).with_name("nicknames.csv")
UPSTREAM_FILE = Path(__file__).with_name("nicknames_upstream.csv")
EXCLUDE_FILE = Path(__file__).with_name("nicknames_exclude.csv")


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    """Names are compared in their normalised form with spaces removed (Anne-Marie → annemarie)."""
    return normalise_name(name).replace(" ", "")


def _lines(path: Path) -> list[list[str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append([k for k in (_key(n) for n in line.split(",")) if k])
    return out


@lru_cache(maxsize=1)
def _load() -> tuple[tuple[str, frozenset[str]], ...]:
    out = [(names[0], frozenset(names)) for names in _lines(DATA_FILE) if len(names) > 1]
    full_names = {canonical for canonical, _ in out}
    ours = {frozenset((a, b)) for _, group in out for a in group for b in group}
    excluded = {frozenset(pair) for pair in _lines(EXCLUDE_FILE) if len(pair) == 2}
    seen = set(ours)
    for row in _lines(UPSTREAM_FILE):
        if len(row) != 3 or row[1] != "hasnickname":
            continue  # the header, or a relationship we do not use
        pair = frozenset((row[0], row[2]))
        if len(pair) < 2 or pair in seen or pair in excluded or pair <= full_names:
            continue
        seen.add(pair)
        out.append((row[0], pair))
    return tuple(out)


@lru_cache(maxsize=1)  # read on every look-up of a name's equivalents (given_name_equivalents)
def groups() -> tuple[frozenset[str], ...]:
    """Every equivalence group in the data file."""
    return tuple(g for _, g in _load())


@lru_cache(maxsize=1)
def _canonicals() -> tuple[str, ...]:
    return tuple(c for c, _ in _load())


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for i, group in enumerate(groups()):
        for name in group:
            index.setdefault(name, []).append(i)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4096)
def given_name_equivalents(name: str) -> frozenset[str]:
    """All names sharing a group with ``name`` (normalised), including the name itself.

    >>> sorted(given_name_equivalents("Bill"))[:3]
    ['bill', 'billy', 'gwilym']
    """
    key = _key(name)
    if not key:
        return frozenset()
    out = {key}
    for i in _index().get(key, ()):
        out |= groups()[i]
    return frozenset(out)


@lru_cache(maxsize=4096)
def group_keys(name: str) -> frozenset[str]:
    """Canonical names of every group containing ``name`` (for blocking keys).

    A name in no group is its own key, so unusual names still block exactly.
    """
    key = _key(name)
    if not key:
        return frozenset()
    ids = _index().get(key)
    if not ids:
        return frozenset({key})
    canon = _canonicals()
    return frozenset(canon[i] for i in ids)


def are_equivalent(a: str, b: str) -> bool:
    """True if the two given names are equal or share a nickname group."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    index = _index()
    return bool(set(index.get(ka, ())) & set(index.get(kb, ())))
