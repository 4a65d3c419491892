"""Matching a check (name, date of birth, address) against the Personal Safety Register.

Pure functions only: no Django, no database; standard library, rapidfuzz and
jellyfish.  Both databases use exactly this code, so they give the same answers.

How a check works
    1. :func:`query_keys` turns what was typed into a handful of exact-string
       blocking keys (phonetic surname, nickname group of the first name, date
       of birth with day/month sorted, postcode, UPRN).  Register entries store
       :func:`search_keys`.  The database returns rows sharing any key (pg_trgm
       may add more candidates, never fewer).
    2. :func:`score` compares the check with each candidate and returns a
       :class:`MatchResult` with a tier, a 0–1 score for ordering and plain
       English reasons ("surname sounds the same (Smyth ~ Smith)", "date of birth
       agrees with day and month swapped", "same postcode").

Tiers and thresholds
    ``strong`` → *precautions apply*.  Name agrees strictly — surname equal,
    sounding the same (metaphone) or one typing error (length ≥ 4); first name
    equal or a known short form/variant from ``nicknames.csv``; given/family may
    be swapped; Jr/Sr must not differ — AND (date of birth agrees, allowing
    day/month transposition, OR same UPRN OR same address: same house/flat
    numbers plus street or postcode) AND the dates of birth do not clearly
    conflict.  A slip (one digit wrong, adjacent digits transposed, month one
    out, the year one or ten out: ``dates.py``) is "near": it does not confirm;
    within a year it does not block either, further apart it does (Jr/Sr).
    Same phone or email (``contact.py``, exact after normalisation) counts like
    a same UPRN.

    Rule R99 (issue 15, ADR 0005): a date of birth that *clearly* differs (year,
    month and day all different) with no address, UPRN, phone or email
    agreement is ``none``: a namesake, not a possible match.

    ``weak`` → *possible match*.  Generous by design (target: ≥ 99.5 % of
    flagged people come back as strong or weak): a name that agrees but cannot be
    confirmed or has a conflicting DOB; a similar name (typos, Jaro-Winkler
    ≥ 0.82–0.85, initials, sounds-like) unless the DOB clearly conflicts with no
    address support; same surname + same DOB/address (twins, household); same
    first name (or short form) + same DOB (changed or mangled surname).

    The same postcode on its own is NOT the same address (a postcode covers ~15
    homes) and never makes a result strong.

    Address-only hazards use :func:`score_premises` (strong on same UPRN, or same
    numbers + street + postcode).
"""

from .compare import compare_dob, compare_names
from .keys import candidate_keys, keys_for_query, query_keys, search_keys
from .nicknames import are_equivalent, given_name_equivalents
from .normalise import (
    address_tokens,
    family_forms,
    find_postcode,
    name_suffix,
    name_tokens,
    normalise_name,
    normalise_postcode,
    normalise_uprn,
    parse_full_name,
    parse_name,
    postcode_district,
    postcode_sector,
    split_name,
)
from .records import Candidate, MatchResult, Premises, Query, best_tier
from .scoring import could_match, has_confirming_evidence, score, score_if_confirmed, score_premises, score_unless_unmatchable

__all__ = [
    "Candidate",
    "MatchResult",
    "Premises",
    "Query",
    "address_tokens",
    "are_equivalent",
    "best_tier",
    "candidate_keys",
    "compare_dob",
    "compare_names",
    "could_match",
    "family_forms",
    "find_postcode",
    "given_name_equivalents",
    "has_confirming_evidence",
    "keys_for_query",
    "name_suffix",
    "name_tokens",
    "normalise_name",
    "normalise_postcode",
    "normalise_uprn",
    "parse_full_name",
    "parse_name",
    "postcode_district",
    "postcode_sector",
    "query_keys",
    "score",
    "score_if_confirmed",
    "score_premises",
    "score_unless_unmatchable",
    "search_keys",
    "split_name",
]
