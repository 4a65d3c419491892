"""Whether a recorded first name could be "similar" to a query word (`given_level(q, c)[0] >= 1`), asked fast and
many at a time: a check without a date of birth asks it of hundreds of recorded first names in a large register
(checks.matcher._NameTest, issue 16), and most of them are not. Both functions here give exactly given_level's
answer on every pair (tests/test_first_names.py compares them over large samples)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .compare import phonetic
from .nicknames import are_equivalent, given_name_equivalents

# Below this Jaro-Winkler similarity no rule of given_level but a known short form, or a typing error (OSA), can
# hold: its lowest is an initial or a prefix of a long name (about 0.68 as Jaro alone), a sound-alike needs 0.75.
SCREEN_SIMILARITY = 0.65


@lru_cache(maxsize=4096)
def _alternatives(c: str) -> tuple[str, ...]:
    """The short forms and variants of a recorded first name that given_level compares a query word with."""
    return tuple(alt for alt in given_name_equivalents(c) if alt != c and len(alt) >= 2)


@lru_cache(maxsize=65536)  # as given_level's: a worker keeps it, and query words with typos are endless
def given_could_be_similar(q: str, c: str) -> bool:
    """`given_level(q, c)[0] >= 1`: the same tests, with no reason to word, the cheapest first."""
    if not q or not c:
        return False
    if q == c:
        return True
    if len(q) == 1 or len(c) == 1:  # given_level stops here: the initial, or a known short form
        return q[0] == c[0] or are_equivalent(q, c)
    similarity = JaroWinkler.similarity(q, c)
    if similarity >= 0.85:
        return True
    shortest = min(len(q), len(c))
    if OSA.distance(q, c, score_cutoff=2) <= (2 if shortest >= 6 else 1):
        return True
    if shortest >= 3 and (q.startswith(c) or c.startswith(q)):
        return True
    if similarity >= 0.75 and q[0] == c[0] and phonetic(q) == phonetic(c):
        return True
    if are_equivalent(q, c):
        return True
    alternatives = _alternatives(c)
    return bool(alternatives) and process.extractOne(q, alternatives, scorer=OSA.distance, score_cutoff=1) is not None \
        and any(OSA.distance(q, alt) == 1 for alt in alternatives)


def similar_first_names(probes: Iterable[str], forms: Iterable[str]) -> set[str]:
    """The `forms` (recorded first-name tokens) that some probe could be similar to (see similar_first_names_by_probe)."""
    return set().union(*similar_first_names_by_probe(probes, forms).values())


def similar_first_names_by_probe(probes: Iterable[str], forms: Iterable[str]) -> dict[str, set[str]]:
    """For each probe, the `forms` (recorded first-name tokens) it could be similar to. Each probe screens all the
    forms in a few calls into rapidfuzz (similarity, typing errors, and the forms' short forms within one typing
    error or equal to it), and only the forms it lets through are judged one by one (given_could_be_similar).
    By probe, so that a caller can remember each typed word's answer (the register index does, per key)."""
    found: dict[str, set[str]] = {p: set() for p in dict.fromkeys(probes) if p}
    forms = [f for f in dict.fromkeys(forms) if f]
    if not forms or not found:
        return found
    owners: dict[str, list[str]] = {}  # each short form or variant (and each form itself) -> the forms it belongs to
    for f in forms:
        for alt in given_name_equivalents(f) or (f,):
            owners.setdefault(alt, []).append(f)
    alternatives = list(owners)
    for p, similar in found.items():
        screened = {f for f, _score, _i in process.extract(p, forms, scorer=JaroWinkler.similarity,
                                                            score_cutoff=SCREEN_SIMILARITY, limit=None)}
        screened.update(f for f, _d, _i in process.extract(p, forms, scorer=OSA.distance, score_cutoff=2, limit=None))
        for alt, _d, _i in process.extract(p, alternatives, scorer=OSA.distance, score_cutoff=1, limit=None):
            screened.update(owners[alt])  # a short form of the probe itself (distance 0), or with a typing error in it
        similar.update(f for f in screened if given_could_be_similar(p, f))
    return found
