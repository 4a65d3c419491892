"""Normalisation of names (and, re-exported from :mod:`.places`, UK postcodes, addresses and UPRNs).

Everything here is a pure function of its input (standard library only), so
the same code can precompute database keys and score candidates.

Names
    Accents are removed (NFKD), text is casefolded and letters that do not
    decompose are mapped (ł→l, ø→o, æ→ae, ß→ss …).  Apostrophes are deleted so
    O'Brien → ``obrien``; every other punctuation mark (hyphen, full stop,
    comma) separates tokens, so Smith-Jones → ``smith jones``.  Digits are
    dropped.  Leading titles (Mr, Mrs, Dr …) are removed; generation suffixes
    (Jr, Snr, II, III …) are removed and reported separately.

    Gaelic prefixes are folded into one joined form:
      * Mc / Mac → ``mac`` joined to the next token (McDonald = Mac Donald =
        MacDonald → ``macdonald``); Mhic / Nic likewise, but only before a
        lenited word (Nic Dhonnchadha);
      * Ó / Ní / Uí / Ua (Irish patronymics) → ``o`` joined to the next token,
        with lenition removed (Ní Dhónaill = Ó Dónaill → ``odonaill``).  An
        unaccented ``ni``/``ui``/``ua`` only counts as a prefix when the next
        word is visibly lenited (Dh…, Bh…, Mh…) so Chinese "Ni Wei" is left alone.
      * Unaccented Nic/Mhic/Ni/Ui/Ua as the FIRST word of a full name are first
        names ("Nic Thomas"); in a field known to hold a surname
        (``parse_name(..., surname=True)``, :func:`split_name`) they are prefixes.
    Welsh ``ap``/``ab``/``ferch`` and continental particles (van, de, da …)
    are kept as separate tokens; :func:`family_forms` offers both the joined
    surname and its parts so "ap Gruffydd" matches "Gruffydd".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ._text import DROP_APOSTROPHES, fold
from .places import (
    STREET_ABBREVIATIONS,
    STREET_TYPES,
    address_tokens,
    find_postcode,
    house_numbers,
    normalise_postcode,
    normalise_uprn,
    postcode_district,
    postcode_sector,
)

__all__ = [
    "PARTICLES",
    "STREET_ABBREVIATIONS",
    "STREET_TYPES",
    "NormalisedName",
    "SplitName",
    "address_tokens",
    "family_forms",
    "find_postcode",
    "fold",
    "house_numbers",
    "name_suffix",
    "name_tokens",
    "normalise_name",
    "normalise_postcode",
    "normalise_uprn",
    "parse_full_name",
    "parse_name",
    "postcode_district",
    "postcode_sector",
    "split_name",
]

#: Titles removed wherever they appear in a name.
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "rev", "revd", "fr", "mstr", "master"})
#: Titles removed only at the start of a name and only if something follows (Lord and Lady are surnames too).
SOFT_TITLES = frozenset({"sir", "dame", "lord", "lady", "cllr", "hon", "sister", "brother"})
#: Generation suffixes, mapped to a canonical form.
SUFFIXES = {"jr": "jr", "jnr": "jr", "junior": "jr", "sr": "sr", "snr": "sr", "senior": "sr", "ii": "ii", "iii": "iii", "iv": "iv"}
#: Surname particles: kept in the joined surname, ignored as a surname part of their own.
PARTICLES = frozenset(
    {
        "ap",
        "ab",
        "ferch",
        "verch",
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "du",
        "le",
        "la",
        "les",
        "dos",
        "das",
        "st",
        "saint",
        "bin",
        "ibn",
        "al",
        "el",
        "o",
    }
)
_IRISH_O = frozenset({"ni", "ui", "ua"})
_LENITABLE = frozenset("bcdfgmpst")
_VOWELS = frozenset("aeiou")


def _split_alpha(text: str) -> list[str]:
    out, cur = [], []
    for ch in text:
        if ch.isalpha():
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _raw_tokens(text: str) -> list[tuple[str, bool]]:
    """Tokens as (folded token, had an accent) pairs."""
    out: list[tuple[str, bool]] = []
    for raw in re.split(r"[^\w\u0300-\u036f]+|_|\d+", (text or "").translate(DROP_APOSTROPHES)):
        if not raw:
            continue
        folded = fold(raw)
        accented = folded != raw.casefold()
        out.extend((piece, accented) for piece in _split_alpha(folded))
    return out


def _unlenite(token: str) -> str:
    if len(token) > 2 and token[1] == "h" and token[0] in _LENITABLE:
        return token[0] + token[2:]
    if len(token) > 2 and token[0] == "h" and token[1] in _VOWELS:  # h-prothesis: Ní hAodha
        return token[1:]
    return token


def _is_lenited(token: str) -> bool:
    """Dh…, Bh…, Mh… (not h + vowel, which is too common in English names: Hall, Hope)."""
    return len(token) > 2 and token[1] == "h" and token[0] in _LENITABLE


def _join_prefixes(tokens: list[tuple[str, bool]], surname: bool) -> list[str]:
    """Join Gaelic prefixes to the following word.  Unaccented Nic/Mhic/Ni/Ui/Ua
    are only prefixes before a lenited word, and at the very start of a full
    name only if the text is known to be a surname ("Nic Thomas" is a first name)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok, accented = tokens[i]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else None
        may_prefix = surname or i > 0
        if nxt is not None and tok in {"mac", "mc"}:
            out.append("mac" + nxt)
            i += 2
            continue
        if nxt is not None and tok in {"mhic", "nic"} and may_prefix and _is_lenited(nxt):
            out.append("mac" + _unlenite(nxt))
            i += 2
            continue
        irish_o = (tok == "o" and accented) or (tok in _IRISH_O and (accented or (may_prefix and _is_lenited(nxt or ""))))
        if nxt is not None and irish_o:
            out.append("o" + _unlenite(nxt))
            i += 2
            continue
        if tok == "mc":
            tok = "mac"
        elif tok.startswith("mc") and len(tok) > 2:
            tok = "mac" + tok[2:]
        out.append(tok)
        i += 1
    return out


@dataclass(frozen=True)
class NormalisedName:
    tokens: tuple[str, ...]
    suffix: str | None = None

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


@lru_cache(maxsize=65536)  # pure, and NormalisedName is immutable: a check scores the same names over and over
def parse_name(text: str | None, surname: bool = False) -> NormalisedName:
    """Normalise a name and return its tokens plus any generation suffix (jr, sr, ii …).

    ``surname=True`` when the text is known to be a family name (its first word
    may then be an Irish prefix: "Nic Dhonnchadha")."""
    tokens = [(tok, accented) for tok, accented in _raw_tokens(text or "") if tok not in TITLES]
    others = sum(tok not in SUFFIXES for tok, _ in tokens)
    suffix = None
    kept: list[tuple[str, bool]] = []
    for tok, accented in tokens:
        # "Junior"/"Senior" are names too: in a full name they are only a suffix after two other words.
        if tok in SUFFIXES and others >= (2 if tok in {"junior", "senior"} and not surname else 1):
            suffix = suffix or SUFFIXES[tok]
        else:
            kept.append((tok, accented))
    while len(kept) > 1 and kept[0][0] in SOFT_TITLES:
        kept.pop(0)
    return NormalisedName(tuple(_join_prefixes(kept, surname)), suffix)


def normalise_name(text: str | None) -> str:
    """``"Mr Seán O'Brien-Ní Dhónaill Jr"`` → ``"sean obrien odonaill"`` (idempotent)."""
    return parse_name(text).text


def name_suffix(text: str | None) -> str | None:
    """The generation suffix (``"jr"``, ``"sr"``, ``"ii"`` …) found in a name, if any."""
    return parse_name(text).suffix


def name_tokens(full_name: str | None) -> list[str]:
    return list(parse_name(full_name).tokens)


@dataclass(frozen=True)
class SplitName:
    given: tuple[str, ...]
    family: tuple[str, ...]
    suffix: str | None = None


@lru_cache(maxsize=65536)
def split_name(given: str | None, family: str | None) -> SplitName:
    """Normalise a name recorded as separate given name(s) and family name."""
    g, f = parse_name(given), parse_name(family, surname=True)
    return SplitName(g.tokens, f.tokens, f.suffix or g.suffix)


@lru_cache(maxsize=4096)
def parse_full_name(text: str | None) -> SplitName:
    """Split a name typed in one box.  "Smith, John" is family-first; otherwise the
    last word (with any particles in front of it: "van der Berg", "ap Rhys") is the
    family name.  The scorer does not rely on this split (it tries every alignment);
    it is only used to say whether names look swapped."""
    text = text or ""
    if "," in text:
        family, _, given = text.partition(",")
        return split_name(given, family)
    parsed = parse_name(text)
    toks = list(parsed.tokens)
    if len(toks) <= 1:
        return SplitName((), tuple(toks), parsed.suffix)
    start = len(toks) - 1
    while start > 1 and toks[start - 1] in PARTICLES:
        start -= 1
    return SplitName(tuple(toks[:start]), tuple(toks[start:]), parsed.suffix)


def family_forms(family_tokens: tuple[str, ...] | list[str]) -> set[str]:
    """Forms a family name may be recorded under: the joined name and each part.

    ("smith", "jones") → {"smithjones", "smith", "jones"};  ("ap", "rhys") → {"aprhys", "rhys"}.
    """
    return set(_family_forms(tuple(family_tokens)))


@lru_cache(maxsize=65536)
def _family_forms(family_tokens: tuple[str, ...]) -> frozenset[str]:
    toks = [t for t in family_tokens if t]
    if not toks:
        return frozenset()
    forms = {"".join(toks)}
    core = [t for t in toks if t not in PARTICLES]
    if core:
        forms.add("".join(core))
        forms.update(t for t in core if len(t) >= 2)
    return frozenset(forms)
