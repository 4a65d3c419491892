"""Blocking keys: short exact strings that both databases index.

Every register entry stores :func:`search_keys`; a check computes
:func:`query_keys` and the database returns the rows sharing at least one key
(``WHERE key IN (...)``).  Only then does :func:`scoring.score` decide.  Keys
just find candidates; they never decide anything, so an extra candidate costs
a little time, a missing one costs recall.

Key families (prefix → what it catches):

``fam:<metaphone>``
    Metaphone of each surname form (joined, and each part of a double-barrelled
    or particle surname).  The query emits it for every token *and* every run of
    2–3 adjacent tokens, so swapped names (the surname typed first), "Smith
    Jones" for Smith-Jones and "Mac Donald"/"O Brien" split across words still
    meet it.  Catches any typo in the first name and most surname typos that
    keep the sound (Smyth, Thomson, Davis/Davies).
``fny:<nysiis>``
    The same surname forms under a second phonetic algorithm (NYSIIS), for
    spellings metaphone reads differently and that share no prefix
    (Christie/Kristie, Shaw/Schaw, Chisholm/Kisholm). Added in issue 15: stored keys are
    rebuilt by migration ``people.0006_rebuild_search_keys`` and by
    ``manage.py rebuild_search_keys`` (see KEYS_VERSION).
``giv:<nickname group>``
    The canonical name of each nickname group of each first name (Bill →
    ``giv:william``; a name in no group is its own key).  The query emits it for
    every token (again covering swapped names).  Catches a surname typo that
    changes its sound (Smiht, Jonse): one typing error cannot damage both names,
    and whichever name is intact produces a shared key.
``ini:<two initials, sorted>``
    First letters of a first name and a surname form, sorted (so order does not
    matter).  A broad key (blocks of roughly 1/300 of the register) that
    survives a typing error in *both* names unless it hits a first letter, for
    name-only checks with no DOB or postcode.
``dob:<year>-<lower of day,month>-<higher>``
    Day and month sorted, so a day/month transposition shares the key.  Covers
    typos in *both* names when the date of birth is typed.
``pc:<POSTCODE>`` and ``uprn:<n>``
    Same postcode (spacing and case normalised) or UPRN: catch address-led
    queries and badly mangled names at a known address.

Why not a surname prefix or length bucket?  A prefix key is destroyed by a typo
in the first letters, and a length bucket of a common surname is a large block.
The giv/fam pair gives the property "any single typing error in either name
still shares a key" (tested with hypothesis) with few keys per query (typically
10–16) and blocks no bigger than "everyone whose surname sounds like Smith" or
"everyone called William/Bill/Liam".  pg_trgm may add candidates on top; it
never removes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .compare import phonetic, phonetic2
from .nicknames import group_keys
from .normalise import family_forms, find_postcode, normalise_postcode, normalise_uprn, split_name
from .records import Candidate, Query
from .scoring import query_name

#: Bump when search_keys() changes what it emits; `manage.py rebuild_search_keys` (run by a migration after
#: each bump) rewrites every stored key. 2: NYSIIS surname keys and the issue 15 nickname data.
KEYS_VERSION = 2


def dob_key(dob: date | None) -> str | None:
    if dob is None:
        return None
    lo, hi = sorted((dob.day, dob.month))
    return f"dob:{dob.year:04d}-{lo:02d}-{hi:02d}"


def postcode_key(postcode: str | None) -> str | None:
    pc = normalise_postcode(postcode)
    return f"pc:{pc.replace(' ', '')}" if pc else None


def uprn_key(uprn: str | int | None) -> str | None:
    n = normalise_uprn(uprn)
    return f"uprn:{n}" if n else None


def _given_keys(tokens: Iterable[str]) -> set[str]:
    return {f"giv:{g}" for t in tokens if len(t) >= 2 for g in group_keys(t)}


def _family_keys(forms: Iterable[str]) -> set[str]:
    forms = [f for f in forms if f]
    return {f"fam:{phonetic(f)}" for f in forms} | {f"fny:{phonetic2(f)}" for f in forms}


def _initials_key(a: str, b: str) -> str:
    return "ini:" + "".join(sorted(a[:1] + b[:1]))


def _common_keys(dob: date | None, postcodes: Iterable[str | None], uprns: Iterable[str | int | None]) -> set[str]:
    keys = {dob_key(dob)} | {postcode_key(p) for p in postcodes} | {uprn_key(u) for u in uprns}
    return {k for k in keys if k}


def search_keys(
    given: str | None,
    family: str | None,
    aliases: Iterable[tuple[str, str]] = (),
    dob: date | None = None,
    postcodes: Iterable[str | None] = (),
    uprns: Iterable[str | int | None] = (),
) -> set[str]:
    """Keys stored for a person on the register (recorded name and every alias)."""
    keys: set[str] = set()
    for g, f in [(given, family), *aliases]:
        name = split_name(g, f)
        keys |= _family_keys(family_forms(name.family))
        keys |= _given_keys(name.given)
        keys |= {_initials_key(g, f) for g in name.given for f in family_forms(name.family)}
    return keys | _common_keys(dob, postcodes, uprns)


def query_keys(
    name: str | None = None,
    dob: date | None = None,
    postcode: str | None = None,
    uprn: str | int | None = None,
    *,
    given: str | None = None,
    family: str | None = None,
    address: str | None = None,
) -> set[str]:
    """Keys to look up for a check.  Name order is not trusted (see module docstring)."""
    q = query_name(Query(name=name or "", given=given, family=family))
    tokens = list(q.given) + list(q.family)
    spans = {"".join(tokens[i : i + n]) for i in range(len(tokens)) for n in (1, 2, 3) if i + n <= len(tokens)}
    keys = _family_keys(spans) | _given_keys(tokens)
    keys |= {_initials_key(a, b) for i, a in enumerate(tokens) for b in tokens[i + 1 :]}
    return keys | _common_keys(dob, [postcode, find_postcode(address)], [uprn])


def candidate_keys(candidate: Candidate) -> set[str]:
    pcs = list(candidate.postcodes or []) + [find_postcode(line) for line in candidate.address_lines or []]
    return search_keys(candidate.given_names, candidate.family_name, candidate.aliases or [], candidate.date_of_birth, pcs, candidate.uprns or [])


def keys_for_query(query: Query) -> set[str]:
    return query_keys(query.name, query.date_of_birth, query.postcode, query.uprn, given=query.given, family=query.family, address=query.address)
