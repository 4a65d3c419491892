"""Finds live register entries for a check: candidates by precomputed keys (the same on both
databases), then one Python scorer (`matching`) decides."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from django.db.models import Q
from django.utils import timezone
from rapidfuzz.distance import JaroWinkler

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.checks import register_index, register_version
from safecontact.checks.desk import remembered_annotations
from safecontact.checks.key_splits import PLACE_KEY_PREFIXES, SPECIFIC_KEY_PREFIXES, Names
from safecontact.checks.measures_query import live_measures_of
from safecontact.matching.compare import family_level
from safecontact.matching.first_names import first_name_forms, similar_first_names, similar_first_names_by_probe
from safecontact.matching.scoring import query_name
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


# SPECIFIC_KEY_PREFIXES (checks/key_splits.py): keys that say something about the surname, the date of birth or
# the place. A candidate that shares only a first-name group or initials key is one of "everyone called William":
# it is scored only if its surname is close to a word of the query (a typo that changed the surname's sound),
# which keeps the giv/ini keys' recall without loading and scoring hundreds of namesakes per check.
BROAD_SURNAME_SIMILARITY = 0.75
SPECIFIC, PLACE = 1, 2  # what a person's shared keys say, as bits (_narrow)


def _candidates(council: Organisation, query: matching.Query, index: register_index.LiveRegisterIndex | None) -> list[matching.Candidate]:
    """People with a live measure who share a key with the query and could score above "none", as the scorer's
    Candidates: from the worker's index of the live register when the database vouches for it, else by querying
    (the same rows). Both sources narrow by the same two steps, so the scorer gets the same list."""
    keys = matching.keys_for_query(query)
    if index is not None:
        alike, names = _surname_judge(query), _NameTest(query)  # one of each, so each name is judged once per check
        chosen, name_decides = _narrow(query, _index_hits(query, keys, index, alike, names), index.people, alike)
        return _named_alike(query, [index.candidates[pk] for pk in chosen], name_decides, names)
    people: dict[object, register_index.PersonRow] = {}
    hits = []
    for person_id, key, given, family, dob in register_index.key_rows(council, keys):
        people[person_id] = (given, family, dob)
        hits.append((person_id, key))
    chosen, name_decides = _narrow(query, hits, people)
    return _named_alike(query, candidates_from_values({pk: people[pk] for pk in chosen}), name_decides)


def _index_hits(query: matching.Query, keys: set[str], index: register_index.LiveRegisterIndex,
                alike: Callable[[str], bool] | None = None, names: _NameTest | None = None) -> list[tuple[object, str]]:
    """The index's hits for the keys, less people `_narrow` or `_named_alike` would drop whatever else they share,
    read from widely held keys by what decides it there: a first-name group or initials key only for holders whose
    surname is alike (`hits_alike`); with no address, phone or email typed, a surname or date key only for holders
    whose date could agree when a date of birth is given (`hits_near`), else whose name could be similar
    (`hits_named`). Anyone left out who shares a place or a more specific key comes in through that key (and is
    then judged on the same name). Place keys are read whole."""
    places = {key for key in keys if key.startswith(PLACE_KEY_PREFIXES)}
    broad = {key for key in keys if not key.startswith(SPECIFIC_KEY_PREFIXES)}
    specific = keys - places - broad
    hits = index.hits(places) + index.hits_alike(broad, alike or _surname_judge(query))
    if _place_unkeyed(query):
        return hits + index.hits(specific)
    if query.date_of_birth is None:
        names = names or _NameTest(query)
        return hits + index.hits_named(specific, names.key_passing, names.family if names.whole is not None else None)
    return hits + index.hits_near(specific, query.date_of_birth)


def _surname_judge(query: matching.Query) -> Callable[[str], bool]:
    """Whether a recorded surname is close to a word of the query (the broad keys' rule, see SPECIFIC_KEY_PREFIXES),
    each surname judged once per check."""
    memo: dict[str, bool] = {}
    words = [w for w in matching.normalise_name(" ".join(filter(None, (query.name, query.given, query.family)))).split() if w]

    def alike(family_name: str) -> bool:
        found = memo.get(family_name)
        if found is None:
            surname = _surname_key(family_name)
            found = memo[family_name] = any(JaroWinkler.similarity(surname, w) >= BROAD_SURNAME_SIMILARITY for w in words)
        return found

    return alike


def _place_unkeyed(query: matching.Query) -> bool:
    """An address typed may match one recorded without a postcode; a phone or email is not a key."""
    return bool((query.address or "").strip() or query.phone or query.email)


def _narrow(query: matching.Query, hits: list[tuple[object, str]], people: dict[object, register_index.PersonRow],
            surname_alike: Callable[[str], bool] | None = None) -> tuple[list[object], set[object]]:
    """The people worth scoring, in the order first seen, and those among them whose name alone decides
    (`_named_alike` looks at it, aliases included).

    Everyone who sounds like "Smith" shares a surname key (1,639 people at 50,000 entries), but the scorer
    (`matching.scoring._decide`) can say more than "none" about a person only if
    - the date of birth agrees (equal or day/month swapped), or the UPRN, the address, the postcode, a phone or
      an email may agree; or else
    - the date of birth does not clearly differ (R99) and the name is at least similar.
    The date of birth is on each row and the postcode and UPRN are keys, so most namesakes go here, before
    their aliases and addresses are loaded or compared. This drops only people the scorer would answer "none"
    for: a nickname, a typo'd first name or a date of birth wrong by a digit still reach the scorer (the
    tests score everyone sharing a key and compare)."""
    kinds = {key: (SPECIFIC if key.startswith(SPECIFIC_KEY_PREFIXES) else 0) | (PLACE if key.startswith(PLACE_KEY_PREFIXES) else 0)
             for key in {key for _pk, key in hits}}
    shared: dict[object, int] = {}  # what the keys a person shares say: SPECIFIC, PLACE
    for pk, key in hits:
        shared[pk] = shared.get(pk, 0) | kinds[key]
    surname_alike = surname_alike or _surname_judge(query)
    place_unkeyed = _place_unkeyed(query)
    dob = query.date_of_birth
    chosen: list[object] = []
    name_decides: set[object] = set()
    for pk, kind in shared.items():
        place = place_unkeyed or kind & PLACE
        recorded = people[pk][2]
        if not place and dob is not None and recorded is not None and _year_and_day_differ(dob, recorded):
            continue  # most namesakes stop here, on two integers, before anything slower
        if not kind & SPECIFIC and not surname_alike(people[pk][1]):
            continue  # only a first-name group or initials key: one of "everyone called William" (see above)
        if place:
            chosen.append(pk)
            continue
        if dob is None or recorded is None:
            chosen.append(pk)
            name_decides.add(pk)
            continue
        compared = matching.compare_dob(dob, recorded)  # an estimated birth year counts only where no date is recorded
        if compared.agrees:
            chosen.append(pk)
        elif not compared.clearly_differs:
            chosen.append(pk)
            name_decides.add(pk)
    return chosen, name_decides


def _year_and_day_differ(query: date, recorded: date) -> bool:
    """Another year and another day, not a day/month swap: always "conflict" (R99) in matching.dates, as no slip
    it allows changes both (the one that changes the year and the month, a transposition across them, keeps the
    day). A shortcut for matching.compare_dob, tested against it."""
    return recorded.year != query.year and recorded.day != query.day and not (recorded.day == query.month and recorded.month == query.day)


def _named_alike(query: matching.Query, candidates: list[matching.Candidate], name_decides: set[object],
                 test: _NameTest | None = None) -> list[matching.Candidate]:
    """The candidates, less those in `name_decides` whose recorded name and aliases are not even "similar" to
    the query's: with no date of birth or place agreeing, the scorer needs `NameComparison.similar` (or
    `core_agrees`, stricter), and both need, in some alignment, a first-name level of 1 or more (or no first
    name to compare: the whole query as the surname, at level 3 or more)."""
    if not name_decides:
        return candidates
    test = test or _NameTest(query)
    test.given_passing(given or "" for c in candidates if c.person_id in name_decides
                       for given, _family in [(c.given_names, c.family_name), *(c.aliases or [])])  # judged together
    return [c for c in candidates if c.person_id not in name_decides or test.could_be_similar(c)]


class _NameTest:
    """Whether a recorded name could be "similar" to the query's (`_named_alike`), split so that the register
    index can ask it of a first name or a surname alone (`hits_named`): a name (or alias) passes if it has no
    first name, if its first name is close to a query word left outside some surname span (`given`), or if the
    whole query, three words or fewer, could be its surname (`family`). Each recorded first name and surname is
    judged once per check: namesakes repeat ("John" and "Smith" hundreds of times in a large register), and first
    names are judged many at a time (`given_passing`, matching.first_names)."""

    def __init__(self, query: matching.Query) -> None:
        self.probes, self.whole = _query_name_probes(query)
        self._given: dict[str, bool] = {}
        self._forms: dict[str, bool] = {}  # each first-name token (or tokens joined) judged: some probe could be similar
        self._family: dict[str, bool] = {}

    def given_passing(self, recorded: Iterable[str]) -> set[str]:
        """The recorded first names that pass `given`, the new ones judged together."""
        recorded = list(recorded)
        new = {name: _first_name_forms(name) for name in recorded if name not in self._given}
        unjudged = {f for forms in new.values() for f in forms if f not in self._forms}
        if unjudged:
            similar = similar_first_names(self.probes, unjudged)
            self._forms.update((f, f in similar) for f in unjudged)
        for name, forms in new.items():
            self._given[name] = not forms or any(self._forms[f] for f in forms)
        return {name for name in recorded if self._given[name]}

    def key_passing(self, names: Names) -> set[str]:
        """`given_passing` of a widely held key's first names (`hits_named`), each query word's answer over them
        remembered in `names.passing` for the next check that types the same word. A name passes if it has no first
        name or one of its forms could be similar to some probe (similar_first_names_by_probe: exactly given_level's
        answer, probe by probe), so the answer is the union of each probe's, and each probe's is the same for every
        check. Read into a local dict first: another thread may clear the memo meanwhile."""
        memo = names.passing
        answers = {key: memo.get(key) for key in (_NO_FIRST_NAME, *self.probes)}
        missing = [key for key, found in answers.items() if found is None]
        if missing:
            computed = {_NO_FIRST_NAME: names.unnamed}
            similar = similar_first_names_by_probe([p for p in missing if p != _NO_FIRST_NAME], names.screen)
            for probe, found in similar.items():
                computed[probe] = frozenset(name for form in found for name in names.by_form[form])
            if len(memo) + len(missing) > MEMO_PER_KEY:  # bounded: the words typed at a key are endless
                memo.clear()
            memo.update({key: computed[key] for key in missing})
            answers.update(computed)
        passing: set[str] = set().union(*(found for found in answers.values() if found is not None))
        for name in names.by_given:  # what _named_alike asks of the candidates again
            self._given.setdefault(name, name in passing)
        return passing

    def given(self, recorded: str) -> bool:
        found = self._given.get(recorded)
        return found if found is not None else recorded in self.given_passing([recorded])

    def family(self, recorded: str) -> bool:
        if self.whole is None:
            return False
        found = self._family.get(recorded)
        if found is None:
            tokens = matching.parse_name(recorded, surname=True).tokens
            found = self._family[recorded] = any(family_level(self.whole, form)[0] >= 3 for form in matching.family_forms(tokens))
        return found

    def could_be_similar(self, candidate: matching.Candidate) -> bool:
        return any(self.given(given or "") or self.family(family or "")
                   for given, family in [(candidate.given_names, candidate.family_name), *(candidate.aliases or [])])


_NO_FIRST_NAME = "\x00"  # Names.passing's entry for the key's names with no first name: they always pass
MEMO_PER_KEY = 256


@lru_cache(maxsize=65536)  # asked of every recorded first name new to a check: the same names, check after check
def _first_name_forms(recorded: str) -> tuple[str, ...]:
    return first_name_forms(recorded)


def _query_name_probes(query: matching.Query) -> tuple[frozenset[str], str | None]:
    """The query words `compare_names` compares with a recorded first name in some alignment (each word left
    outside a 1-3 word surname span, and those left words joined), and the whole query joined when it can be
    the surname on its own (three words or fewer: no first name is then compared)."""
    q = query_name(query)
    tokens = list(q.given) + list(q.family)
    n = len(tokens)
    probes: set[str] = set()
    for i in range(n):
        for length in (1, 2, 3):
            if i + length > n:
                break
            rest = [t for j, t in enumerate(tokens) if not i <= j < i + length]
            probes.update(rest)
            if len(rest) > 1:
                probes.add("".join(rest))
    return frozenset(probes), ("".join(tokens) if 0 < n <= 3 else None)


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


def find_matches(*, council: Organisation, query: matching.Query, identity: str | None = None, details: bool = True,
                 version: register_version.Version | None = None) -> list[MeasureMatch]:
    """Matches on the premises first, then on the person; one query loads the measures of both, each with its
    "not the same person" answer for `identity` when given (`desk.REMEMBERED_AT`: check_run's, a query fewer).
    `details=False`, or no strong match: the measures of people come with `measures_query.FEW_FIELDS` only (what a
    check reads of a measure whose precautions it does not show now). `version`: see register_index.index_for."""
    if not query.has_name:
        return _premises_matches(council, query) + _address_only_person_matches(council, query)
    index = register_index.index_for(council, version)
    candidates = _with_contact_points(_candidates(council, query, index), query)
    results = {c.person_id: r for c in candidates
               if (r := matching.score_unless_unmatchable(query, c)) is not None and r.tier != "none"}
    at_premises = _premises_where(query)
    postcode, uprn = _premises_of(query)
    if at_premises is not None and index is not None and not index.has_premises(postcode, uprn):
        at_premises = None  # the index holds the postcode and UPRN of every live measure on premises: none is here
    if at_premises is None and not results:
        return []
    if at_premises is None:  # the usual case: people only, by a query compiled once (measures_query)
        few = not (details and any(r.tier == "strong" for r in results.values()))
        measures: Iterable[Measure] = live_measures_of(council_id=council.pk, today=timezone.localdate(), person_ids=list(results),
                                                       identity=identity, few=few)
    else:
        where = at_premises if not results else Q(person_id__in=list(results)) | at_premises
        annotations = remembered_annotations(council_id=council.pk, identity=identity) if identity is not None else {}
        # Sorted below: the model's ORDER BY cost each check its compiling.
        measures = _live(council).filter(where).order_by().annotate(**annotations).select_related("premises")  # what
        # _at_premises and _premises_match read
    premises_matches, person_matches = [], []
    for measure in sorted(measures, key=lambda m: m.created_at, reverse=True):  # Measure.Meta.ordering
        if at_premises is not None and _at_premises(measure, postcode, uprn) and (match := _premises_match(query, measure)):
            premises_matches.append(match)
        if (result := results.get(measure.person_id)) is not None:
            person_matches.append(MeasureMatch(measure, result.tier, result.reasons))
    return premises_matches + person_matches
