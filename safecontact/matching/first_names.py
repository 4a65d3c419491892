"""Whether a recorded first name could be "similar" to a query word (`given_level(q, c)[0] >= 1`), asked fast and
many at a time: a check without a date of birth asks it of hundreds of recorded first names in a large register
(checks.matcher._NameTest, issue 16), and most of them are not. Both functions here give exactly given_level's
answer on every pair (tests/test_first_names.py compares them over large samples)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler

from .compare import phonetic
from .nicknames import are_equivalent, given_name_equivalents
from .normalise import parse_name

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


def first_name_forms(recorded: str) -> tuple[str, ...]:
    """What `compare_names` compares a query word with in a recorded first name: each token, and all joined."""
    tokens = parse_name(recorded).tokens
    return tuple(tokens) + (("".join(tokens),) if len(tokens) > 1 else ())


@dataclass(frozen=True)
class FormScreen:
    """Recorded first-name forms made ready for `similar_first_names_by_probe`: the forms, and every short form or
    variant of each (and each form itself) beside the form it belongs to. Made once for forms that many probes are
    asked about: building it for a large register's common surname (300 first names, 1,000 variants) cost more than
    screening a probe with it (issue 16). Both are sorted by length, so that a screen by typing errors reads only
    the lengths within its distance (`near_forms`, `near_alternatives`): a new query word at a key then costs a quarter as much."""

    forms: tuple[str, ...]
    alternatives: tuple[str, ...]
    owner_of: tuple[str, ...]  # alternatives[i] is a short form or variant of owner_of[i] (or owner_of[i] itself)
    form_starts: tuple[int, ...]  # form_starts[n]: the first form of length n or more (_starts)
    alternative_starts: tuple[int, ...]

    def near_forms(self, length: int, distance: int) -> tuple[str, ...]:
        start, end = _window(self.form_starts, length, distance)
        return self.forms[start:end]

    def near_alternatives(self, length: int, distance: int) -> tuple[tuple[str, ...], int]:
        """The alternatives whose length is within `distance` of `length`, and the index of the first of them."""
        start, end = _window(self.alternative_starts, length, distance)
        return self.alternatives[start:end], start


def _starts(lengths: list[int]) -> tuple[int, ...]:
    """For sorted lengths: starts[n] is the index of the first item of length n or more, for n up to the longest + 1."""
    return tuple(bisect_left(lengths, n) for n in range((lengths[-1] if lengths else 0) + 2))


def _window(starts: tuple[int, ...], length: int, distance: int) -> tuple[int, int]:
    """The slice of items whose length is within `distance` of `length`: an edit distance can be no smaller."""
    last = len(starts) - 1
    return starts[min(max(length - distance, 0), last)], starts[min(max(length + distance + 1, 0), last)]


def form_screen(forms: Iterable[str]) -> FormScreen:
    unique = tuple(sorted((f for f in dict.fromkeys(forms) if f), key=len))
    pairs = sorted(((alt, f) for f in unique for alt in (given_name_equivalents(f) or (f,))), key=lambda pair: len(pair[0]))
    return FormScreen(unique, tuple(alt for alt, _f in pairs), tuple(f for _alt, f in pairs),
                      form_starts=_starts([len(f) for f in unique]), alternative_starts=_starts([len(alt) for alt, _f in pairs]))


def similar_first_names(probes: Iterable[str], forms: Iterable[str]) -> set[str]:
    """The `forms` (recorded first-name tokens) that some probe could be similar to (see similar_first_names_by_probe)."""
    return set().union(*similar_first_names_by_probe(probes, forms).values())


def similar_first_names_by_probe(probes: Iterable[str], forms: Iterable[str] | FormScreen) -> dict[str, set[str]]:
    """For each probe, the `forms` (recorded first-name tokens) it could be similar to. Each probe screens all the
    forms in a few calls into rapidfuzz (similarity, typing errors, and the forms' short forms within one typing
    error or equal to it), and only the forms it lets through are judged one by one (given_could_be_similar).
    By probe, so that a caller can remember each typed word's answer (the register index does, per key); `forms`
    may come screened already (`form_screen`)."""
    found: dict[str, set[str]] = {p: set() for p in dict.fromkeys(probes) if p}
    if not found:
        return found
    screen = forms if isinstance(forms, FormScreen) else form_screen(forms)
    if not screen.forms:
        return found
    for p, similar in found.items():
        screened = {f for f, _score, _i in process.extract(p, screen.forms, scorer=JaroWinkler.similarity,
                                                            score_cutoff=SCREEN_SIMILARITY, limit=None)}
        screened.update(f for f, _d, _i in process.extract(p, screen.near_forms(len(p), 2), scorer=OSA.distance, score_cutoff=2,
                                                            limit=None))
        alternatives, first = screen.near_alternatives(len(p), 1)
        for _alt, _d, i in process.extract(p, alternatives, scorer=OSA.distance, score_cutoff=1, limit=None):
            screened.add(screen.owner_of[first + i])  # a short form of the probe itself (distance 0), or with a typing error in it
        similar.update(f for f in screened if given_could_be_similar(p, f))
    return found
