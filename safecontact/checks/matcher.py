"""Finds live register entries for a check: candidates by precomputed keys (the same on both
databases), then one Python scorer (`matching`) decides."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone
from rapidfuzz.distance import JaroWinkler

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.checks import register_index
from safecontact.people.matching_records import candidates_from_values
from safecontact.people.models import ContactPoint
from safecontact.register.models import Measure, live_filter


@dataclass
class MeasureMatch:
    measure: Measure
    tier: str
    reasons: list[str] = field(default_factory=list)


def _live(council: Organisation):  # type: ignore[no-untyped-def]
    """Live measures. What only a "precautions apply" answer shows (owner, named contacts, precautions,
    restriction types, sharing) is loaded by check_run for the few measures that need it: each join here
    costs every check its compiling, planning and model building (about 2 ms for two)."""
    return Measure.objects.filter(live_filter(timezone.localdate()), council=council)


def _premises_of(query: matching.Query) -> tuple[str | None, str | None]:
    postcode = matching.normalise_postcode(query.postcode or "") or matching.find_postcode(query.address or "")
    uprn = matching.normalise_uprn(query.uprn or "") or None
    return postcode, uprn


def _premises_where(query: matching.Query) -> Q | None:
    """Live measures about the premises the query names (same postcode or UPRN), or None if it names none."""
    postcode, uprn = _premises_of(query)
    if not postcode and not uprn:
        return None
    where = Q(premises__postcode=postcode) if postcode else Q(premises__uprn=uprn)
    if postcode and uprn:
        where |= Q(premises__uprn=uprn)
    return where & Q(premises__isnull=False)


def _at_premises(measure: Measure, postcode: str | None, uprn: str | None) -> bool:
    """The same test as _premises_where, on a measure already loaded (with its premises)."""
    p = measure.premises
    return p is not None and bool((postcode and p.postcode == postcode) or (uprn and p.uprn == uprn))


def _premises_match(query: matching.Query, measure: Measure) -> MeasureMatch | None:
    p = measure.premises
    if p is None:
        return None
    premises = matching.Premises(premises_id=measure.premises_id, address=p.line1 + " " + p.line2, postcode=p.postcode, uprn=p.uprn)
    result = matching.score_premises(query, premises)
    return MeasureMatch(measure, result.tier, result.reasons) if result.tier != "none" else None


def _premises_matches(council: Organisation, query: matching.Query) -> list[MeasureMatch]:
    where = _premises_where(query)
    if where is None:
        return []
    return [m for measure in _live(council).select_related("premises").filter(where) if (m := _premises_match(query, measure))]


def _address_only_person_matches(council: Organisation, query: matching.Query) -> list[MeasureMatch]:
    """A check by address alone finds people with live measures who live there."""
    postcode, uprn = _premises_of(query)
    if not postcode and not uprn:
        return []
    qs = _live(council).select_related("person").filter(person__isnull=False, person__addresses__to_date__isnull=True)
    qs = qs.filter(person__addresses__address__postcode=postcode) if postcode else qs.filter(person__addresses__address__uprn=uprn)
    matches = []
    for measure in qs.distinct():
        best = None
        for pa in measure.person.addresses.select_related("address").filter(to_date__isnull=True):
            a = pa.address
            result = matching.score_premises(query, matching.Premises(address=f"{a.line1} {a.line2}", postcode=a.postcode, uprn=a.uprn))
            if best is None or matching.records.TIER_ORDER[result.tier] > matching.records.TIER_ORDER[best.tier]:
                best = result
        if best is not None and best.tier != "none":
            matches.append(MeasureMatch(measure, best.tier, best.reasons))
    return matches


# Keys that say something about the surname, the date of birth or the place. A candidate that shares
# only a first-name group or initials key is one of "everyone called William": it is scored only if its
# surname is close to a word of the query (a typo that changed the surname's sound), which keeps the
# giv/ini keys' recall without loading and scoring hundreds of namesakes per check.
SPECIFIC_KEY_PREFIXES = ("fam:", "fny:", "dob:", "pc:", "uprn:")
BROAD_SURNAME_SIMILARITY = 0.75


def _candidates(council: Organisation, query: matching.Query, index: register_index.LiveRegisterIndex | None) -> list[matching.Candidate]:
    """People with a live measure who share a key with the query, as the scorer's Candidates: from the
    worker's index of the live register when the database vouches for it, else by querying (the same rows)."""
    keys = matching.keys_for_query(query)
    if index is not None:
        hits = index.hits(keys)
        chosen = _narrow(query, hits, index.people)
        return [index.candidates[pk] for pk in chosen]
    people: dict[object, register_index.PersonRow] = {}
    hits = []
    for person_id, key, given, family, dob in register_index.key_rows(council, keys):
        people[person_id] = (given, family, dob)
        hits.append((person_id, key))
    chosen = _narrow(query, hits, people)
    return candidates_from_values({pk: people[pk] for pk in chosen})


def _narrow(query: matching.Query, hits: list[tuple[object, str]], people: dict[object, register_index.PersonRow]) -> list[object]:
    """The people to score: those sharing a specific key, and broad-only namesakes whose surname is close to
    a word of the query. In the order first seen, so both sources give the scorer the same list."""
    specific: set[object] = {pk for pk, key in hits if key.startswith(SPECIFIC_KEY_PREFIXES)}
    seen = list(dict.fromkeys(pk for pk, _key in hits))
    broad = [pk for pk in seen if pk not in specific]
    if broad:
        words = [w for w in matching.normalise_name(" ".join(filter(None, (query.name, query.given, query.family)))).split() if w]
        for pk in broad:
            surname = _surname_key(people[pk][1])
            if any(JaroWinkler.similarity(surname, w) >= BROAD_SURNAME_SIMILARITY for w in words):
                specific.add(pk)
    return [pk for pk in seen if pk in specific]


def _with_contact_points(candidates: list[matching.Candidate], query: matching.Query) -> list[matching.Candidate]:
    """Candidates with their recorded phone numbers and email addresses, read only when the check gives one
    (supporting evidence, issue 15), straight from the database: contact points are not in the register index.
    Copies, so the worker's shared index is never changed."""
    if not candidates or not (query.phone or query.email):
        return candidates
    kinds = [k for k, given in ((ContactPoint.Kind.PHONE, query.phone), (ContactPoint.Kind.EMAIL, query.email)) if given]
    found: dict[object, tuple[list[str], list[str]]] = {c.person_id: ([], []) for c in candidates}
    rows = ContactPoint.objects.filter(person_id__in=list(found), kind__in=kinds).values_list("person_id", "kind", "value")
    for person_id, kind, value in rows:
        found[person_id][0 if kind == ContactPoint.Kind.PHONE else 1].append(value)
    return [replace(c, phones=found[c.person_id][0], emails=found[c.person_id][1]) if any(found[c.person_id]) else c
            for c in candidates]


@lru_cache(maxsize=65536)
def _surname_key(family_name: str) -> str:
    return matching.normalise_name(family_name).replace(" ", "")


def find_matches(*, council: Organisation, query: matching.Query) -> list[MeasureMatch]:
    """Matches on the premises first, then on the person; one query loads the measures of both."""
    if not query.has_name:
        return _premises_matches(council, query) + _address_only_person_matches(council, query)
    index = register_index.index_for(council)
    candidates = _with_contact_points(_candidates(council, query, index), query)
    results = {c.person_id: r for c in candidates
               if (r := matching.score_unless_unmatchable(query, c)) is not None and r.tier != "none"}
    at_premises = _premises_where(query)
    postcode, uprn = _premises_of(query)
    if at_premises is not None and index is not None and not index.has_premises(postcode, uprn):
        at_premises = None  # the index holds the postcode and UPRN of every live measure on premises: none is here
    where = Q(person_id__in=list(results)) if results else None
    if at_premises is not None:
        where = at_premises if where is None else where | at_premises
    if where is None:
        return []
    measures = _live(council).filter(where)
    if at_premises is not None:
        measures = measures.select_related("premises")  # what _at_premises and _premises_match read
    premises_matches, person_matches = [], []
    for measure in measures:
        if at_premises is not None and _at_premises(measure, postcode, uprn) and (match := _premises_match(query, measure)):
            premises_matches.append(match)
        if (result := results.get(measure.person_id)) is not None:
            person_matches.append(MeasureMatch(measure, result.tier, result.reasons))
    return premises_matches + person_matches
