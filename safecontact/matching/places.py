"""UK postcodes, address tokens and UPRNs (standard library only).

Re-exported by :mod:`safecontact.matching.normalise`.
"""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from ._text import DROP_APOSTROPHES, fold

# --------------------------------------------------------------------------- postcodes
_POSTCODE_RE = re.compile(r"^(?:GIR0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9][ABEHMNPRVWXY])[0-9][ABD-HJLNP-UW-Z]{2})$")
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\b")


@lru_cache(maxsize=65536)  # pure; a check or an import compares the same few postcodes many times
def normalise_postcode(text: str | None) -> str | None:
    """``" sw1a1aa "`` → ``"SW1A 1AA"``; ``None`` unless it is a valid UK postcode."""
    if not text:
        return None
    compact = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    if 5 <= len(compact) <= 7 and compact[-3] in "OI":  # letter typed for the inward digit
        compact = compact[:-3] + ("0" if compact[-3] == "O" else "1") + compact[-2:]
    if not _POSTCODE_RE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_sector(text: str | None) -> str | None:
    """``"SW1A 1AA"`` → ``"SW1A 1"`` (outward code plus the inward digit)."""
    pc = normalise_postcode(text)
    return pc[:-2] if pc else None


def postcode_district(text: str | None) -> str | None:
    pc = normalise_postcode(text)
    return pc.split(" ")[0] if pc else None


@lru_cache(maxsize=65536)
def find_postcode(text: str | None) -> str | None:
    """The last valid postcode mentioned in free text, normalised."""
    found = None
    for m in _POSTCODE_IN_TEXT.finditer(text or ""):
        pc = normalise_postcode(m.group(1) + m.group(2))
        if pc:
            found = pc
    return found


# --------------------------------------------------------------------------- addresses
STREET_ABBREVIATIONS = {
    "street": "st",
    "str": "st",
    "road": "rd",
    "avenue": "ave",
    "av": "ave",
    "avenu": "ave",
    "lane": "ln",
    "drive": "dr",
    "drv": "dr",
    "close": "cl",
    "court": "ct",
    "crt": "ct",
    "crescent": "cres",
    "cresent": "cres",
    "cr": "cres",
    "place": "pl",
    "gardens": "gdns",
    "gdn": "gdns",
    "garden": "gdns",
    "terrace": "ter",
    "terr": "ter",
    "tce": "ter",
    "square": "sq",
    "grove": "gr",
    "gro": "gr",
    "park": "pk",
    "mount": "mt",
    "way": "way",
    "walk": "wlk",
    "parade": "pde",
    "row": "row",
    "hill": "hl",
    "view": "vw",
    "heol": "hl",
    "stryd": "st",
    "ffordd": "rd",
    "flats": "flats",
    "house": "ho",
    "cottage": "cott",
    "cottages": "cott",
    "mews": "mews",
    "north": "n",
    "south": "s",
    "east": "e",
    "west": "w",
    "upper": "upr",
    "lower": "lwr",
    "saint": "st",
}
_FLAT_WORDS = frozenset({"flat", "flt", "apartment", "apt", "unit", "room", "rm", "fflat", "maisonette"})
_ADDRESS_STOPWORDS = frozenset({"the", "of", "and", "at", "no", "number"})
#: Tokens that say what kind of street it is; they never identify a street by themselves.
STREET_TYPES = frozenset(STREET_ABBREVIATIONS.values())


def address_tokens(text: str | None) -> set[str]:
    """Order-free tokens of an address line: postcode removed, street types folded
    (Road → rd), house numbers kept ("12", "12a"), flat numbers prefixed ("flat3")."""
    text = _POSTCODE_IN_TEXT.sub(" ", text or "")
    words = re.findall(r"[a-z]+|[0-9]+", fold(text.translate(DROP_APOSTROPHES)))
    out: set[str] = set()
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w in _FLAT_WORDS and nxt is not None and nxt.isdigit():
            suffix = words[i + 2] if i + 2 < len(words) and len(words[i + 2]) == 1 and words[i + 2].isalpha() else ""
            out.add("flat" + nxt.lstrip("0") + suffix)
            i += 3 if suffix else 2
            continue
        if w.isdigit():
            if nxt is not None and len(nxt) == 1 and nxt.isalpha():  # 12 A → 12a
                out.add(w.lstrip("0") + nxt)
                i += 2
                continue
            out.add(w.lstrip("0") or "0")
        elif w not in _ADDRESS_STOPWORDS and w not in _FLAT_WORDS:
            out.add(STREET_ABBREVIATIONS.get(w, w))
        i += 1
    return out


def house_numbers(tokens: AbstractSet[str]) -> set[str]:
    return {t for t in tokens if any(c.isdigit() for c in t)}


# --------------------------------------------------------------------------- UPRN
def normalise_uprn(value: str | int | None) -> str | None:
    """Digits only, leading zeros dropped; ``None`` unless 1–12 digits remain."""
    if value is None:
        return None
    digits = re.sub(r"\D", "", str(value)).lstrip("0")
    if not digits or len(digits) > 12:
        return None
    return digits
