"""Text folding shared by name and address normalisation (standard library only)."""

from __future__ import annotations

import unicodedata

_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
        "ŧ": "t",
        "ĸ": "k",
        "ŋ": "ng",
        "ſ": "s",
    }
)
APOSTROPHES = "'’‘`´ʼʻ′"
DROP_APOSTROPHES = str.maketrans("", "", APOSTROPHES)


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Casefold, map special letters and strip accents until the text is stable."""
    for _ in range(5):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text
