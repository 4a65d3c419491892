"""The one scorer: decides "precautions apply" (strong), "possible match" (weak) or nothing.

Rules (see also the package docstring):

* **strong** only if the name agrees strictly (surname exact / sounds the same /
  one typing error, AND first name exact or a known short form; swapped
  given/family allowed; generation suffixes Jr/Sr must not differ)
  AND (date of birth agrees — day/month swap allowed — OR same UPRN OR same
  address) AND the dates of birth do not clearly conflict.
  The same postcode alone is *not* the same address: it gives at most "weak".
* **weak** if
  - the name agrees but something stops "strong" (nothing to confirm it, Jr vs
    Sr, or a conflicting date of birth when the surname is exact); or
  - the name is merely similar (typos, initials, sounds-like) and the DOB does
    not clearly conflict (or it does, but the address/postcode agrees); or
  - the same surname with a different first name and the same DOB, or the same
    address without a conflicting DOB (twins, household members); or
  - the same first name (or a short form) with a different surname and the
    same DOB (a changed or badly mistyped surname).
* **none** otherwise.
"""

from __future__ import annotations

from .compare import (
    AddressComparison,
    DobComparison,
    NameComparison,
    compare_address,
    compare_dob,
    compare_names,
    given_level,
    same_address,
)
from .contact import contact_agreement
from .normalise import (
    SplitName,
    address_tokens,
    family_forms,
    find_postcode,
    normalise_postcode,
    normalise_uprn,
    parse_full_name,
    split_name,
)
from .records import Candidate, MatchResult, Premises, Query, Tier, best_tier

__all__ = ["Candidate", "MatchResult", "Premises", "Query", "best_tier", "could_match", "has_confirming_evidence", "query_name", "score", "score_if_confirmed",
           "score_premises", "score_unless_unmatchable"]

#: The score orders results; each tier has its own band so a strong result always outranks a weak one.
_TIER_BANDS = {"strong": (0.7, 1.0), "weak": (0.4, 0.7), "none": (0.0, 0.4)}
_DOB_WEIGHT = {"agree": 1.0, "swapped": 0.95, "near": 0.6, "approx_ok": 0.6, "missing": 0.4, "partial": 0.2, "approx_far": 0.1, "conflict": 0.0}


def query_name(query: Query) -> SplitName:
    """The query's name, split into given and family tokens."""
    if (query.given or "").strip() or (query.family or "").strip():
        return split_name(query.given, query.family)
    return parse_full_name(query.name)


def _suffix_label(suffix: str | None) -> str:
    return {"jr": "Jr", "sr": "Sr"}.get(suffix or "", (suffix or "").upper())


def _compare_candidate_names(qname: SplitName, candidate: Candidate) -> NameComparison:
    """Best comparison over the recorded name and every alias."""
    variants = [(candidate.given_names, candidate.family_name, "")]
    # The alias as recorded, spaces tidied: "(Mary Smith)", and "(Smith)" for an alias with no first name, not "( Smith)".
    variants += [(g, f, "matches a recorded alias (" + " ".join(f"{g or ''} {f or ''}".split()) + ")") for g, f in candidate.aliases or []]
    best: NameComparison | None = None
    for given, family, alias_reason in variants:
        cname = split_name(given, family)
        cmp = compare_names(qname.given, qname.family, cname.given, cname.family)
        suffix_conflict = bool(qname.suffix and cname.suffix and qname.suffix != cname.suffix)
        reasons = cmp.reasons
        if suffix_conflict:
            reasons += (f"generation differs ({_suffix_label(qname.suffix)} vs {_suffix_label(cname.suffix)})",)
        if alias_reason and cmp.family_level + cmp.given_level > 0:
            reasons += (alias_reason,)
        cmp = NameComparison(cmp.family_level, cmp.given_level, reasons, cmp.swapped, suffix_conflict)
        if best is None or cmp.rank() > best.rank():
            best = cmp
    return best or NameComparison()


def _decide(name: NameComparison | None, dob: DobComparison, uprn: bool, addr: AddressComparison, contact: bool = False) -> Tier:
    place = uprn or addr.address_agrees or contact
    if name is None:  # no name typed: only a weak hint, never "precautions apply"
        return "weak" if place and dob.agrees else "none"
    if name.agrees and (dob.agrees or place) and not dob.blocks_precautions:
        return "strong"
    if dob.clearly_differs and not place:  # R99: a namesake, not this person (ADR 0005, "Dates of birth")
        return "none"
    if name.core_agrees and (not dob.conflicts or name.family_level >= 4):
        return "weak"
    if name.similar and (not dob.conflicts or place or addr.postcode_agrees):
        return "weak"
    if name.family_level >= 4 and (dob.agrees or (place and not dob.conflicts)):
        return "weak"
    if name.given_level >= 3 and dob.agrees:  # surname changed or badly mistyped
        return "weak"
    return "none"


Evidence = tuple[DobComparison, bool, AddressComparison, str]  # date of birth, same UPRN, address, same phone/email


def _evidence(query: Query, candidate: Candidate) -> Evidence:
    """Date of birth, UPRN, address, phone and email: everything but the name."""
    dob = compare_dob(query.date_of_birth, candidate.date_of_birth, candidate.approx_birth_year)
    q_uprn = normalise_uprn(query.uprn)
    uprn = bool(q_uprn and q_uprn in {normalise_uprn(u) for u in candidate.uprns or []})
    addr = compare_address(query.address, query.postcode, candidate.address_lines or [], candidate.postcodes or [])
    contact = contact_agreement(query.phone, query.email, candidate.phones or [], candidate.emails or []) if (query.phone or query.email) else ""
    return dob, uprn, addr, contact


def has_confirming_evidence(query: Query, candidate: Candidate) -> bool:
    """Whether the date of birth, the UPRN or the address agrees: exactly `dob_agrees or uprn_agrees or
    address_agrees` of `score()`, without comparing names (the costly part). "Strong" needs one of them,
    so a caller that wants only confirmed matches can skip the rest."""
    return _confirmed(_evidence(query, candidate))


def score_if_confirmed(query: Query, candidate: Candidate) -> MatchResult | None:
    """score(), or None where has_confirming_evidence() says no; the evidence is compared once for both."""
    evidence = _evidence(query, candidate)
    return _score(query, candidate, evidence) if _confirmed(evidence) else None


def _confirmed(evidence: Evidence) -> bool:
    dob, uprn, addr, contact = evidence
    return dob.agrees or uprn or addr.address_agrees or bool(contact)


def could_match(query: Query, candidate: Candidate) -> bool:
    """False only when score() would answer "none", decided without the full name comparison: a check
    skips such a candidate (most namesakes of a common surname, with another date of birth, elsewhere).

    With the dates of birth in conflict and neither UPRN, address nor postcode agreeing, the only rule of
    _decide that can still hold is "the name agrees and the surname is exact" (weak). That needs a run of
    the query's words equal to a recorded surname form (level 4) and, among the other words, one that is
    the recorded first name or a known short form of it (level 3); anything else is "none".
    """
    return _could_match(query, candidate, _evidence(query, candidate))


def score_unless_unmatchable(query: Query, candidate: Candidate) -> MatchResult | None:
    """score(), or None where could_match() says no: for callers that drop "none" anyway. The date of birth,
    UPRN and address are compared once for both."""
    evidence = _evidence(query, candidate)
    return _score(query, candidate, evidence) if _could_match(query, candidate, evidence) else None


def _could_match(query: Query, candidate: Candidate, evidence: Evidence) -> bool:
    dob, uprn, addr, contact = evidence
    if not query.has_name or not dob.conflicts or uprn or addr.address_agrees or contact:
        return True
    if dob.clearly_differs:  # _decide's R99: nothing but a place or contact agreement keeps a namesake
        return False
    if addr.postcode_agrees:
        return True
    qname = query_name(query)
    tokens = list(qname.given) + list(qname.family)
    for given, family in [(candidate.given_names, candidate.family_name), *(candidate.aliases or [])]:
        cname = split_name(given, family)
        if cname.given and _exact_surname_with_first_name(tokens, cname.given, frozenset(family_forms(cname.family))):
            return True
    return False


def _exact_surname_with_first_name(tokens: list[str], cand_given: tuple[str, ...], forms: frozenset[str]) -> bool:
    """The alignments of compare_names whose surname level is 4 (exact), and whether one of them has a first
    name at level 3 or more: the same spans, the same remaining words, the same comparators."""
    given_forms = list(cand_given) + (["".join(cand_given)] if len(cand_given) > 1 else [])
    n = len(tokens)
    for i in range(n):
        for length in (1, 2, 3):
            if i + length > n:
                break
            if "".join(tokens[i : i + length]) not in forms:
                continue
            rest = [t for j, t in enumerate(tokens) if not i <= j < i + length]
            if len(rest) > 1:
                rest.append("".join(rest))
            if any(given_level(q, c)[0] >= 3 for q in rest for c in given_forms):
                return True
    return False


def score(query: Query, candidate: Candidate) -> MatchResult:
    """Compare what was typed with one person on the register and explain the result."""
    return _score(query, candidate, _evidence(query, candidate))


def _score(query: Query, candidate: Candidate, evidence: Evidence) -> MatchResult:
    name = _compare_candidate_names(query_name(query), candidate) if query.has_name else None
    dob, uprn, addr, contact = evidence
    tier = _decide(name, dob, uprn, addr, bool(contact))

    reasons: list[str] = list(name.reasons) if name else ["no name given"]
    if dob.reason:
        reasons.append(dob.reason)
    elif query.date_of_birth is None:
        reasons.append("date of birth not given")
    if uprn:
        reasons.append("same UPRN")
    if addr.reason and (addr.address_agrees or not uprn):
        reasons.append(addr.reason)
    if addr.address_agrees and addr.postcode_agrees and "postcode" not in addr.reason:
        reasons.append("same postcode")
    if contact:
        reasons.append(contact)

    if name:
        g = name.given_level if name.given_level >= 0 else 2
        name_part = (name.family_level / 4 + g / 4) / 2
    else:
        name_part = 0.0
    place_part = 1.0 if (uprn or addr.address_agrees or contact) else 0.6 if addr.postcode_agrees else 0.2
    raw = 0.55 * name_part + 0.25 * _DOB_WEIGHT[dob.status] + 0.2 * place_part
    low, high = _TIER_BANDS[tier]
    value = low + (high - low) * raw
    return MatchResult(
        tier=tier,
        score=round(max(0.0, min(1.0, value)), 3),
        reasons=reasons,
        name_agrees=bool(name and name.agrees),
        name_similar=bool(name and name.similar),
        dob_agrees=dob.agrees,
        dob_conflicts=dob.blocks_precautions,
        address_agrees=addr.address_agrees,
        uprn_agrees=uprn,
        postcode_agrees=addr.postcode_agrees,
        person_id=candidate.person_id,
        contact_agrees=bool(contact),
    )


def score_premises(query: Query, premises: Premises) -> MatchResult:
    """Address-only hazards.  Strong if the UPRN is equal, or the normalised
    address (house/flat numbers + street words + postcode) is the same; weak if
    the address is the same but the UPRNs disagree, or the postcode is missing on
    one side, or only the house number and postcode agree (no street words)."""
    q_uprn, p_uprn = normalise_uprn(query.uprn), normalise_uprn(premises.uprn)
    q_pc = normalise_postcode(query.postcode) or find_postcode(query.address)
    p_pc = normalise_postcode(premises.postcode) or find_postcode(premises.address)
    pc_agrees = bool(q_pc and q_pc == p_pc)
    reasons: list[str] = []  # pragma: no mutate: equivalent, every branch below sets its own
    if q_uprn and q_uprn == p_uprn:
        return MatchResult("strong", 1.0, ["same UPRN"], uprn_agrees=True, postcode_agrees=pc_agrees, person_id=premises.premises_id)
    q_tokens, p_tokens = address_tokens(query.address), address_tokens(premises.address)
    why = same_address(q_tokens, q_pc, p_tokens, p_pc) if q_tokens and p_tokens else ""  # pragma: no mutate: equivalent, skips a call that finds nothing
    uprn_conflict = bool(q_uprn and p_uprn)
    if why and (q_pc and p_pc) and not uprn_conflict and why != "same house number and postcode":
        reasons = [why] + ([] if "postcode" in why else ["same postcode"])
        return MatchResult("strong", 0.95, reasons, address_agrees=True, postcode_agrees=pc_agrees, person_id=premises.premises_id)
    if why:
        reasons = [why]
        if uprn_conflict:
            reasons.append("but the UPRNs differ")
        elif not (q_pc and p_pc):
            reasons.append("postcode not available to confirm")
        return MatchResult("weak", 0.6, reasons, address_agrees=not uprn_conflict, postcode_agrees=pc_agrees, person_id=premises.premises_id)
    return MatchResult("none", 0.2 if pc_agrees else 0.0, ["same postcode"] if pc_agrees else [], postcode_agrees=pc_agrees, person_id=premises.premises_id)
