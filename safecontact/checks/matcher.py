"""Finds live register entries for a check: candidates by precomputed keys (the same on both
databases), then one Python scorer (`matching`) decides."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.people.matching_records import candidate_for, people_with_match_data
from safecontact.people.models import Person, PersonSearchKey
from safecontact.register.models import LIVE_STATUSES, Measure

MEASURE_PREFETCH = ("precautions", "restriction_types", "shared_with")


@dataclass
class MeasureMatch:
    measure: Measure
    tier: str
    reasons: list[str] = field(default_factory=list)


def _live(council: Organisation):  # type: ignore[no-untyped-def]
    return (
        Measure.objects.filter(council=council, status__in=LIVE_STATUSES)
        .select_related("person", "premises", "owner", "single_point_of_contact")
        .prefetch_related(*MEASURE_PREFETCH)
    )


def _premises_of(query: matching.Query) -> tuple[str | None, str | None]:
    postcode = matching.normalise_postcode(query.postcode or "") or matching.find_postcode(query.address or "")
    uprn = matching.normalise_uprn(query.uprn or "") or None
    return postcode, uprn


def _premises_matches(council: Organisation, query: matching.Query) -> list[MeasureMatch]:
    postcode, uprn = _premises_of(query)
    if not postcode and not uprn:
        return []
    where = Q(premises__postcode=postcode) if postcode else Q()
    if uprn:
        where = where | Q(premises__uprn=uprn) if postcode else Q(premises__uprn=uprn)
    qs = _live(council).filter(where, premises__isnull=False)
    matches = []
    for measure in qs:
        premises = matching.Premises(premises_id=measure.premises_id, address=measure.premises.line1 + " " + measure.premises.line2,
                                     postcode=measure.premises.postcode, uprn=measure.premises.uprn)
        result = matching.score_premises(query, premises)
        if result.tier != "none":
            matches.append(MeasureMatch(measure, result.tier, result.reasons))
    return matches


def _address_only_person_matches(council: Organisation, query: matching.Query) -> list[MeasureMatch]:
    """A check by address alone finds people with live measures who live there."""
    postcode, uprn = _premises_of(query)
    if not postcode and not uprn:
        return []
    qs = _live(council).filter(person__isnull=False, person__addresses__to_date__isnull=True)
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
SPECIFIC_KEY_PREFIXES = ("fam:", "dob:", "pc:", "uprn:")
BROAD_SURNAME_SIMILARITY = 0.75


def _candidate_ids(council: Organisation, query: matching.Query) -> set[object]:
    keys = matching.keys_for_query(query)
    rows = (
        PersonSearchKey.objects.filter(council=council, key__in=keys, person__measures__status__in=LIVE_STATUSES)
        .values_list("person_id", "key")
        .distinct()
    )
    specific: set[object] = set()
    broad: set[object] = set()
    for person_id, key in rows:
        (specific if key.startswith(SPECIFIC_KEY_PREFIXES) else broad).add(person_id)
    broad -= specific
    if broad:
        words = [w for w in matching.normalise_name(" ".join(filter(None, (query.name, query.given, query.family)))).split() if w]
        for person_id, family in Person.objects.filter(pk__in=broad).values_list("pk", "family_name"):
            surname = matching.normalise_name(family).replace(" ", "")
            if any(JaroWinkler.similarity(surname, w) >= BROAD_SURNAME_SIMILARITY for w in words):
                specific.add(person_id)
    return specific


def find_matches(*, council: Organisation, query: matching.Query) -> list[MeasureMatch]:
    matches = _premises_matches(council, query)
    if not query.has_name:
        return matches + _address_only_person_matches(council, query)
    person_ids = _candidate_ids(council, query)
    if not person_ids:
        return matches
    results = {p.pk: matching.score(query, candidate_for(p)) for p in people_with_match_data(person_ids)}
    for measure in _live(council).filter(person_id__in=[pid for pid, r in results.items() if r.tier != "none"]):
        result = results[measure.person_id]
        matches.append(MeasureMatch(measure, result.tier, result.reasons))
    return matches
