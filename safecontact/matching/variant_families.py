"""The variant families issue 15 added to :mod:`.variants` (recall measured by the bench and the tests):

* ``end_short_form``   a short form that is the end of the given name, not its start (Tina for Christina,
                       Beth for Elizabeth, Sandy for Alexander);
* ``diminutive``       any other recorded diminutive that is not a prefix (Gosia, Kasia, Olek, Tunde, Femi);
* ``surname_sound``    a spelling of the surname that sounds the same but starts differently (Phillips →
                       Fillips, Knight → Night, Clarke → Klark, Thompson → Tompson, Wright → Right);
* ``prefix_spacing``   Irish/Scottish prefixes spaced, joined, accented or not (O'Neill, O Neill, ONeill,
                       Ó Néill; McDonald, Mc Donald, Mac Donald);
* ``dob_slip``         a date of birth with one digit wrong, two adjacent digits transposed or the year a
                       decade out;
and, for people NOT on the register, :func:`clearly_different_dob` (year, month and day all differ).
All randomness comes from the ``rng`` passed in.
"""

from __future__ import annotations

import random
from datetime import date

from .dates import compare_dob, dob_digits
from .nicknames import given_name_equivalents
from .normalise import fold

#: Sound-alike spellings of a surname's start: (written, also written); the pairs in _BOTH_WAYS are also
#: tried the other way round (Fillips ~ Phillips, Kox ~ Cox), the rest only as written (Knight → Night).
_INITIAL_SOUNDS = [("ph", "f"), ("kn", "n"), ("wr", "r"), ("wh", "w"), ("chr", "kr"), ("th", "t"), ("ps", "s"),
                   ("gn", "n"), ("sc", "sk"), ("qu", "kw"), ("ca", "ka"), ("co", "ko"), ("cu", "ku"), ("cl", "kl"), ("cr", "kr"),
                   ("kh", "k"), ("ce", "se"), ("ci", "si"), ("cy", "sy")]
_BOTH_WAYS = {("ph", "f"), ("ca", "ka"), ("co", "ko"), ("cu", "ku"), ("cl", "kl"), ("cr", "kr"), ("ce", "se"), ("ci", "si")}


def _first_given(given: str) -> str:
    return (given.split() or [given])[0]


def _forms(given: str) -> list[str]:
    name = _first_given(given)
    key = fold(name).replace("-", "")
    return sorted(f for f in given_name_equivalents(name) - {key} if len(f) >= 3 and not key.startswith(f))


def end_short_form(given: str, rng: random.Random) -> str | None:
    key = fold(_first_given(given))
    options = [f for f in _forms(given) if f[:2] != key[:2] and any(f[i : i + 3] in key[2:] for i in range(len(f) - 2))]
    return rng.choice(options).title() if options else None


def diminutive(given: str, rng: random.Random) -> str | None:
    options = _forms(given)
    return rng.choice(options).title() if options else None


def surname_sound(family: str, rng: random.Random) -> str | None:
    """A sound-alike respelling of a one-word surname that changes its first letters."""
    if " " in family.strip() or "-" in family or "'" in family:
        return None
    low = fold(family)
    options = []
    for a, b in _INITIAL_SOUNDS:
        for src, dst in ((a, b), (b, a)) if (a, b) in _BOTH_WAYS else ((a, b),):
            if low.startswith(src):
                options.append(dst + low[len(src) :])
    options = [o for o in dict.fromkeys(options) if o[:2] != low[:2]]
    return rng.choice(options).title() if options else None


_O_FORMS = ["O'{r}", "O {r}", "O{r}", "Ó {r}", "O' {r}", "o'{r}"]
_MAC_FORMS = ["Mc{r}", "Mc {r}", "Mac {r}", "Mac{r}", "MC{R}", "Mc{l}"]


def prefix_spacing(family: str, rng: random.Random) -> str | None:
    """The same Irish/Scottish surname with its prefix written another way (None for other surnames)."""
    text = family.strip()
    low = text.lower()
    for prefix in ("o'", "ó ", "o ", "ní ", "ni "):
        if low.startswith(prefix):
            rest = text[len(prefix) :].strip()
            return rng.choice(_O_FORMS).format(r=rest[:1].upper() + rest[1:])
    for prefix in ("mac ", "mc ", "mac", "mc"):
        if low.startswith(prefix) and len(text) > len(prefix) + 2:
            rest = text[len(prefix) :].strip()
            rest = rest[:1].upper() + rest[1:]
            return rng.choice(_MAC_FORMS).format(r=rest, R=rest.upper(), l=rest.lower())
    return None


def dob_slip(dob: date | None, rng: random.Random) -> date | None:
    """One digit wrong, two adjacent digits transposed, or the year a decade out: a real date, not the same one."""
    if dob is None:
        return None
    digits = dob_digits(dob)
    for _ in range(50):
        kind = rng.choice(["digit", "transpose", "decade"])
        if kind == "decade":
            text = digits[:4] + f"{dob.year + rng.choice((-10, 10)):04d}"
        elif kind == "digit":
            i = rng.randrange(8)
            text = digits[:i] + rng.choice([d for d in "0123456789" if d != digits[i]]) + digits[i + 1 :]
        else:
            i = rng.randrange(7)
            text = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        try:
            slipped = date(int(text[4:]), int(text[2:4]), int(text[:2]))
        except ValueError:
            continue
        if slipped != dob and 1900 < slipped.year <= date.today().year:
            return slipped
    return None


def clearly_different_dob(dob: date | None, rng: random.Random) -> date:
    """A date of birth that clearly differs from `dob` (compare_dob says "conflict"): a namesake's."""
    while True:
        other = date(rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28))
        if dob is None or compare_dob(other, dob).status == "conflict":
            return other
