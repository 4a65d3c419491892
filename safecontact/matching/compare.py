"""Field comparators used by the scorer: names, dates of birth, addresses.

Name agreement levels (higher is better)::

    4  exact (after normalisation; for a surname, also one part of a
       double-barrelled or particle surname: Smith-Jones ~ Jones, ap Rhys ~ Rhys)
    3  surname: sounds the same (metaphone) or one typing error (length >= 4)
       first name: a known short form or variant (Bill ~ William, Dafydd ~ David)
    2  sounds alike / one or two typing errors / shortened form / typo of a short form
    1  only the initial agrees, or Jaro-Winkler >= 0.85 (first name) / >= 0.82
       (surname), or one surname contains the other (Donald ~ MacDonald)
    0  different
   -1  missing (not typed, or not recorded)

A first name at level 2 (a typing error) is deliberately *not* enough for
"precautions apply": twins are often named Louis/Louise, Marie/Maria, Daniel/Daniela,
one letter apart.  A surname at level 3 is (twins and namesakes share surnames, so
surname typos are not how they are told apart; dates of birth are).
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from rapidfuzz.distance import OSA, JaroWinkler

from .dates import APPROX_YEAR_FAR, APPROX_YEAR_OK, DobComparison, compare_dob  # noqa: F401 - re-exported for callers
from .nicknames import are_equivalent, given_name_equivalents
from .normalise import (
    STREET_TYPES,
    address_tokens,
    family_forms,
    find_postcode,
    house_numbers,
    normalise_postcode,
)


@lru_cache(maxsize=65536)
def phonetic(token: str) -> str:
    """Metaphone of a normalised token (the token itself if metaphone has nothing to say)."""
    try:
        key = jellyfish.metaphone(token.replace("rh", "r"))  # Welsh Rh-: Rhys ~ Rees
    except Exception:  # noqa: BLE001 - jellyfish rejects some non-Latin input
        key = ""
    return key or token


@lru_cache(maxsize=65536)
def phonetic2(token: str) -> str:
    """A second phonetic key (NYSIIS) of a normalised token, for blocking only (keys.py): metaphone misses
    spellings it reads differently (Christie/Kristie: CH is "X" to it; Shaw/Schaw; Chisholm/Kisholm), NYSIIS misses others
    (Wright/Right). It is too coarse to say "sounds the same" in family_level (John ~ Jones are both JAN):
    the candidates it finds are judged by the usual distance rules."""
    try:
        key = jellyfish.nysiis(token.replace("rh", "r"))
    except Exception:  # noqa: BLE001 - as for metaphone
        key = ""
    return key or token


def _t(s: str) -> str:
    return s.title()


@lru_cache(maxsize=65536)
def family_level(q: str, c: str) -> tuple[int, str]:
    """Compare one query surname form with one recorded surname form."""
    if not q or not c:
        return 0, ""
    if q == c:
        return 4, "surname matches"
    dist = OSA.distance(q, c)
    jw = JaroWinkler.similarity(q, c)
    shortest = min(len(q), len(c))
    if shortest >= 3 and phonetic(q) == phonetic(c) and jw >= 0.6:
        return 3, f"surname sounds the same ({_t(q)} ~ {_t(c)})"
    if dist == 1 and shortest >= 4:
        return 3, f"surname differs by one typing error ({_t(q)} ~ {_t(c)})"
    if dist == 1 or (dist <= 2 and shortest >= 6) or jw >= 0.9:
        return 2, f"surname is close ({_t(q)} ~ {_t(c)})"
    if jw >= 0.82:
        return 1, f"surname is somewhat similar ({_t(q)} ~ {_t(c)})"
    if shortest >= 4 and (q in c or c in q):
        return 1, f"surname contains the other ({_t(q)} ~ {_t(c)})"
    return 0, ""


@lru_cache(maxsize=65536)
def given_level(q: str, c: str) -> tuple[int, str]:
    """Compare one query first-name token with one recorded first-name token."""
    if not q or not c:
        return 0, ""
    if q == c:
        return 4, "first name matches"
    if are_equivalent(q, c):
        return 3, f"first name is a known short form or variant ({_t(q)} → {_t(c)})"
    if len(q) == 1 or len(c) == 1:
        if q[0] == c[0]:
            return 1, "first initial matches"
        return 0, ""
    dist = OSA.distance(q, c)
    if min(len(q), len(c)) >= 3 and (q.startswith(c) or c.startswith(q)):
        return 2, f"first name is a shortened form ({_t(q)} ~ {_t(c)})"
    if phonetic(q) == phonetic(c) and q[0] == c[0] and JaroWinkler.similarity(q, c) >= 0.75:
        return 2, f"first name sounds the same ({_t(q)} ~ {_t(c)})"
    if dist == 1 or (dist <= 2 and min(len(q), len(c)) >= 6):
        return 2, f"first name differs by a typing error ({_t(q)} ~ {_t(c)})"
    for alt in given_name_equivalents(c):
        if alt != c and len(alt) >= 2 and len(q) >= 2 and OSA.distance(q, alt) == 1:
            return 2, f"first name is close to a short form ({_t(q)} ~ {_t(alt)} → {_t(c)})"
    if JaroWinkler.similarity(q, c) >= 0.85:
        return 1, f"first name is similar ({_t(q)} ~ {_t(c)})"
    return 0, ""


@dataclass(frozen=True)
class NameComparison:
    family_level: int = 0
    given_level: int = -1
    reasons: tuple[str, ...] = ()
    swapped: bool = False
    suffix_conflict: bool = False

    @property
    def core_agrees(self) -> bool:
        return self.family_level >= 3 and self.given_level >= 3

    @property
    def agrees(self) -> bool:
        """Strict agreement: enough for "precautions apply" with DOB or address."""
        return self.core_agrees and not self.suffix_conflict

    @property
    def similar(self) -> bool:
        """Generous similarity: enough for "possible match" on its own."""
        return _similar(self.family_level, self.given_level)

    def rank(self) -> tuple:
        return _rank(self.family_level, self.given_level, self.swapped, self.suffix_conflict)


def _rank(f: int, g: int, swapped: bool, suffix_conflict: bool = False) -> tuple:
    """NameComparison.rank from its fields: `_compare_names` ranks every alignment and builds only the best."""
    core = f >= 3 and g >= 3  # core_agrees
    return (core and not suffix_conflict, core, _similar(f, g), min(f, g), f + g, not swapped)


def _similar(f: int, g: int) -> bool:
    return (f >= 3 and (g >= 1 or g == -1)) or (g >= 3 and f >= 1) or (f >= 2 and g >= 2)


def compare_names(
    query_given: tuple[str, ...],
    query_family: tuple[str, ...],
    cand_given: tuple[str, ...],
    cand_family: tuple[str, ...],
) -> NameComparison:
    """Best alignment of the query tokens with a recorded name.

    The query's own given/family split is not trusted: every run of 1–3
    adjacent query tokens is tried as the surname (so "Smith John", "Smith Jones"
    for Smith-Jones and "O Brien" for O'Brien all work); the remaining tokens are
    compared with the recorded first names.  If the best alignment uses the
    query's first names as the surname, ``swapped`` is set.
    """
    return _compare_names(tuple(query_given), tuple(query_family), tuple(cand_given), tuple(cand_family))


@lru_cache(maxsize=16384)  # pure, tuples in and a frozen result out: a check's namesakes are compared once
def _compare_names(
    query_given: tuple[str, ...],
    query_family: tuple[str, ...],
    cand_given: tuple[str, ...],
    cand_family: tuple[str, ...],
) -> NameComparison:
    tokens = list(query_given) + list(query_family)
    family_start = len(query_given)
    forms = family_forms(cand_family)
    given_forms = list(cand_given) + (["".join(cand_given)] if len(cand_given) > 1 else [])
    best: tuple | None = None  # (rank, family level, given level, their reasons, swapped) of the best alignment so far
    n = len(tokens)
    for i in range(n):
        for length in (1, 2, 3):
            if i + length > n:
                break
            span = "".join(tokens[i : i + length])
            flevel, freason = 0, ""
            for form in forms:
                lvl, why = family_level(span, form)
                if lvl > flevel:
                    flevel, freason = lvl, why
                    if lvl == 4 and form != "".join(cand_family) and len(forms) > 2:
                        freason = "surname matches part of a double-barrelled surname"
            rest = [(j, t) for j, t in enumerate(tokens) if not i <= j < i + length]
            if len(rest) > 1:  # "Anne Marie" ~ "Annemarie"
                rest.append((rest[0][0], "".join(t for _, t in rest)))
            glevel, greason, gpos = -1, "", None
            if rest and cand_given:
                glevel = 0
                for j, qt in rest:
                    for k, ct in enumerate(given_forms):
                        lvl, why = given_level(qt, ct)
                        if lvl > glevel:
                            glevel, greason, gpos = lvl, why, j
                            if 0 < k < len(cand_given) and lvl >= 3:
                                greason = f"{why} (a recorded middle name)"
            swapped = glevel >= 1 and flevel >= 1 and gpos is not None and gpos >= family_start and i + length <= family_start
            rank = _rank(flevel, glevel, swapped)
            if best is None or rank > best[0]:  # the first of equals, as before
                best = (rank, flevel, glevel, freason, greason, swapped)
    if best is None:
        return NameComparison()
    _rank_of_best, flevel, glevel, freason, greason, swapped = best
    reasons = tuple(r for r in (freason, greason) if r)
    if swapped:
        reasons += ("names swapped (given/family)",)
    return NameComparison(flevel, glevel, reasons, swapped)


# --------------------------------------------------------------------------- dates of birth: see dates.py


# --------------------------------------------------------------------------- addresses
@dataclass(frozen=True)
class AddressComparison:
    address_agrees: bool = False
    postcode_agrees: bool = False
    reason: str = ""


def _street_words(tokens: AbstractSet[str]) -> set[str]:
    return {t for t in tokens if not any(c.isdigit() for c in t) and t not in STREET_TYPES}


def same_address(q_tokens: AbstractSet[str], q_pc: str | None, c_tokens: AbstractSet[str], c_pc: str | None) -> str:
    """Reason text if two addresses are the same premises, else ``""``.

    Same premises = same house/flat numbers (exactly) and a shared street word,
    with postcodes equal where both are known; or same numbers and same postcode;
    or, for named houses without numbers, mostly the same words and the same postcode.
    """
    if q_pc and c_pc and q_pc != c_pc:
        return ""
    qn, cn = house_numbers(q_tokens), house_numbers(c_tokens)
    qw, cw = _street_words(q_tokens), _street_words(c_tokens)
    shared = qw & cw
    both_pc = bool(q_pc and c_pc)
    if qn or cn:
        if qn != cn:
            return ""
        if shared and (both_pc or len(shared) * 2 >= min(len(qw), len(cw))):
            return "same house number and street"
        if both_pc:
            return "same house number and postcode"
        return ""
    if both_pc and qw and cw and len(shared) / max(len(qw), len(cw)) >= 0.6:
        return "same address (house name and postcode)"
    return ""


@lru_cache(maxsize=65536)
def _address_tokens(text: str) -> frozenset[str]:
    """`address_tokens`, cached (pure; frozen so no caller can change a shared result): an import or a batch
    of checks compares the same address lines many times."""
    return frozenset(address_tokens(text))


def compare_address(
    query_address: str | None,
    query_postcode: str | None,
    cand_lines: list[str],
    cand_postcodes: list[str],
) -> AddressComparison:
    q_pc = normalise_postcode(query_postcode) or find_postcode(query_address)
    c_pcs = {p for p in (normalise_postcode(x) for x in cand_postcodes) if p}
    c_pcs |= {p for p in (find_postcode(line) for line in cand_lines) if p}
    pc_agrees = bool(q_pc and q_pc in c_pcs)
    reason = ""
    q_tokens = _address_tokens(query_address) if query_address else frozenset()
    if q_tokens:
        for line in cand_lines:
            line_pc = find_postcode(line)
            if line_pc is None and len(c_pcs) == 1:
                line_pc = next(iter(c_pcs))
            reason = same_address(q_tokens, q_pc, _address_tokens(line), line_pc)
            if reason:
                break
    if reason:
        return AddressComparison(True, pc_agrees, reason)
    return AddressComparison(False, pc_agrees, "same postcode" if pc_agrees else "")
