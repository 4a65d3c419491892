"""Reading an existing spreadsheet register (.xlsx or .csv) and planning its import.

Nothing here writes. `sheets.read_sheet` turns the file into rows of cells; `parse_row` checks every row
against the rules (row numbers as the spreadsheet shows them: the header is row 1); `plan_rows`
decides, per good row, whether the person is new, the same as an existing record (same council,
same normalised names and date of birth) or a possible duplicate (the matching scorer, over
candidates found through the precomputed search keys). services_import.register_import writes.
Columns are documented in docs/how-to/import-register.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.core.validators import date_of_birth_problem
from safecontact.people.matching_records import candidates_from_values
from safecontact.people.models import Person, PersonSearchKey
from safecontact.register.models import Measure, Precaution, RestrictionType
from safecontact.register.review_dates import review_limit
from safecontact.register.sheets import REQUIRED_COLUMNS, SheetError, read_sheet

__all__ = ["REQUIRED_COLUMNS", "ImportReport", "RowOutcome", "SheetError", "SheetRow", "plan_rows", "read_sheet"]

COLUMNS = (
    "first_name", "last_name", "aliases", "date_of_birth", "address", "postcode", "uprn", "kind", "risk_impact",
    "risk_likelihood", "precautions", "restriction", "reason", "incident_date", "incident_summary", "date_added",
    "review_due", "advice", "scope", "mandatory_services_route",
)
KINDS = {"marker": Measure.Kind.SAFETY_MARKER, "safety marker": Measure.Kind.SAFETY_MARKER, "safety_marker": Measure.Kind.SAFETY_MARKER,
         "restriction": Measure.Kind.CONTACT_RESTRICTION, "contact restriction": Measure.Kind.CONTACT_RESTRICTION,
         "contact_restriction": Measure.Kind.CONTACT_RESTRICTION}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")
NO_ROUTE = "Not recorded in the imported register: the register manager confirms it at the first review."
CHUNK = 500


@dataclass
class SheetRow:
    number: int
    given: str
    family: str
    aliases: list[tuple[str, str]]
    date_of_birth: date | None
    address: str
    postcode: str
    uprn: str
    kind: str
    risk_impact: int | None
    risk_likelihood: int | None
    precautions: list[Precaution]
    restriction_types: list[RestrictionType]
    reason: str
    incident_date: date
    incident_summary: str
    date_added: date | None
    review_due: date | None
    advice: str = ""
    scope: str = Measure.Scope.SERVICES
    mandatory_services_route: str = NO_ROUTE

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}".strip()

    @property
    def exact_key(self) -> tuple[str, str, date] | None:
        if self.date_of_birth is None:
            return None
        return (matching.normalise_name(self.given), matching.normalise_name(self.family), self.date_of_birth)


@dataclass
class RowOutcome:
    number: int
    name: str = ""
    kind: str = ""
    action: str = "error"  # create | link | possible_duplicate | error
    detail: str = ""
    errors: list[str] = field(default_factory=list)
    row: SheetRow | None = None
    person: Person | None = None  # the existing record an exact match links to
    same_as_row: int | None = None  # an earlier row of the file about the same person

    ACTION_LABELS = {"create": "New person", "link": "Existing person", "possible_duplicate": "Possible duplicate", "error": "Error"}

    @property
    def action_label(self) -> str:
        return self.ACTION_LABELS[self.action]


@dataclass
class ImportReport:
    rows: list[RowOutcome] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    dry_run: bool = True
    imported: bool = False
    measures_created: int = 0

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [f"row {r.number}: {e}" for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {a: self.count(a) for a in ("create", "link", "possible_duplicate", "error")}


# --------------------------------------------------------------------------- parsing
def _date(value: Any, column: str, errors: list[str]) -> date | None:
    if isinstance(value, date):
        return value
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    errors.append(f"{column} '{value}' is not a date (use day/month/year, for example 27/03/2024)")
    return None


def _score(value: Any, column: str, top: int, errors: list[str]) -> int | None:
    if not value:
        errors.append(f"{column} is missing (1 to {top})")
        return None
    try:
        number = int(str(value))
    except ValueError:
        number = 0
    if not 1 <= number <= top:
        errors.append(f"{column} '{value}' must be a whole number from 1 to {top}")
        return None
    return number


def _labels(value: Any) -> list[str]:
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def _aliases(value: Any, family: str) -> list[tuple[str, str]]:
    out = []
    for alias in _labels(value):
        given, _, last = alias.rpartition(" ")
        out.append((given, last) if given else (alias, family))
    return out


@dataclass
class ManagedLists:
    precautions: dict[str, Precaution]
    restriction_types: dict[str, RestrictionType]

    @classmethod
    def for_council(cls, council: Organisation) -> ManagedLists:
        own = Q(council__isnull=True) | Q(council=council)
        precautions = {p.label.casefold(): p for p in Precaution.objects.filter(own, active=True)}
        types: dict[str, RestrictionType] = {}
        for t in RestrictionType.objects.filter(own, active=True):
            types[t.code.casefold()] = types[t.label.casefold()] = t
        return cls(precautions, types)


def parse_row(raw: dict[str, Any], lists: ManagedLists, today: date) -> tuple[SheetRow | None, list[str]]:
    errors: list[str] = []
    get = lambda column: raw.get(column, "")  # noqa: E731
    family, given = str(get("last_name")), str(get("first_name"))
    if not family:
        errors.append("last_name is missing")
    kind = KINDS.get(str(get("kind")).lower())
    if kind is None:
        errors.append(f"kind '{get('kind')}' must be marker or restriction")
    dob = _date(get("date_of_birth"), "date_of_birth", errors)
    problem = date_of_birth_problem(dob, label="date_of_birth", today=today) if dob else None
    if problem:
        errors.append(problem)
    postcode = ""
    if get("postcode"):
        postcode = matching.normalise_postcode(str(get("postcode"))) or ""
        if not postcode:
            errors.append(f"postcode '{get('postcode')}' is not a UK postcode")
    uprn = ""
    if get("uprn"):
        uprn = matching.normalise_uprn(str(get("uprn"))) or ""
        if not uprn:
            errors.append(f"uprn '{get('uprn')}' is not a UPRN (up to 12 digits)")
    impact = likelihood = None
    precautions: list[Precaution] = []
    types: list[RestrictionType] = []
    reason = str(get("reason"))
    if not reason:
        errors.append("reason is missing")
    if kind == Measure.Kind.SAFETY_MARKER:
        impact = _score(get("risk_impact"), "risk_impact", 5, errors)
        likelihood = _score(get("risk_likelihood"), "risk_likelihood", 6, errors)
        for label in _labels(get("precautions")):
            if label.casefold() in lists.precautions:
                precautions.append(lists.precautions[label.casefold()])
            else:
                errors.append(f"precaution '{label}' is not on the council's list")
        if not _labels(get("precautions")):
            errors.append("precautions is missing (a marker needs at least one)")
        if len(reason) > 500:
            errors.append("reason is longer than 500 characters (it becomes the marker's risk description)")
    elif kind == Measure.Kind.CONTACT_RESTRICTION:
        for label in _labels(get("restriction")):
            if label.casefold() in lists.restriction_types:
                types.append(lists.restriction_types[label.casefold()])
            else:
                errors.append(f"restriction '{label}' is not a known type of restriction")
        if not _labels(get("restriction")):
            errors.append("restriction is missing (a restriction needs at least one type)")
    scope = str(get("scope")).lower().replace(" ", "_").replace("-", "_") or Measure.Scope.SERVICES
    if scope not in Measure.Scope.values:
        errors.append(f"scope '{get('scope')}' must be services or organisation_wide")
    elif kind == Measure.Kind.CONTACT_RESTRICTION and scope == Measure.Scope.ORGANISATION_WIDE:
        errors.append("an organisation-wide restriction needs a justification: import it as services and widen it after review")
    incident_date = _date(get("incident_date"), "incident_date", errors)
    if not get("incident_date"):
        errors.append("incident_date is missing")
    elif incident_date and incident_date > today:
        errors.append("incident_date is in the future")
    date_added = _date(get("date_added"), "date_added", errors)
    if date_added and date_added > today:
        errors.append("date_added is in the future")
    review_due = _date(get("review_due"), "review_due", errors)
    if review_due and review_due > review_limit(today):
        errors.append("review_due is more than 12 months away")
    elif review_due and review_due <= today:
        errors.append("review_due is not in the future: review the entry first, or leave the cell blank for the council's interval")
    if errors or kind is None or incident_date is None:
        return None, errors
    return SheetRow(
        number=raw["_row"], given=given, family=family, aliases=_aliases(get("aliases"), family), date_of_birth=dob,
        address=str(get("address")), postcode=postcode, uprn=uprn, kind=kind, risk_impact=impact, risk_likelihood=likelihood,
        precautions=precautions, restriction_types=types, reason=reason, incident_date=incident_date,
        incident_summary=str(get("incident_summary")) or reason, date_added=date_added, review_due=review_due,
        advice=str(get("advice")), scope=scope, mandatory_services_route=str(get("mandatory_services_route")) or NO_ROUTE,
    ), []


# --------------------------------------------------------------------------- planning
def _chunks(items: list[Any], size: int = CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _exact_matches(council: Organisation, rows: list[SheetRow]) -> dict[tuple[str, str, date], Person]:
    dobs = sorted({r.date_of_birth for r in rows if r.date_of_birth})
    found: dict[tuple[str, str, date], Person] = {}
    for chunk in _chunks(dobs):
        for p in Person.objects.filter(council=council, merged_into__isnull=True, date_of_birth__in=chunk).order_by("created_at"):
            assert p.date_of_birth is not None
            found.setdefault((matching.normalise_name(p.given_names), matching.normalise_name(p.family_name), p.date_of_birth), p)
    return found


def _query(row: SheetRow) -> matching.Query:
    return matching.Query(given=row.given, family=row.family, date_of_birth=row.date_of_birth, postcode=row.postcode or None,
                          address=row.address or None, uprn=row.uprn or None)


def _same_person_likely(result: matching.MatchResult) -> bool:
    """Stricter than a check (which errs towards "possible match"): a name that agrees or is similar
    is a possible duplicate only with the date of birth, UPRN or address agreeing too. A common
    name alone ("John Smith", another date of birth) is not."""
    return result.tier == "strong" or (result.tier == "weak" and (result.dob_agrees or result.uprn_agrees or result.address_agrees))


DUPLICATE_KEY_PREFIXES = ("dob:", "pc:", "uprn:", "fam:", "giv:")


def _possible_duplicates(council: Organisation, rows: list[SheetRow]) -> dict[int, list[tuple[str, matching.MatchResult]]]:
    """Candidates share a narrow key (DOB, postcode, UPRN) or both a surname and a first-name key;
    the scorer keeps the strong and weak matches."""
    # Only the keys used below: initials keys ("ini:") are held by thousands of people each.
    queries = {r.number: {k for k in matching.keys_for_query(_query(r)) if k.startswith(DUPLICATE_KEY_PREFIXES)} for r in rows}
    all_keys = sorted(set().union(*queries.values())) if queries else []
    holders: dict[str, set[Any]] = defaultdict(set)
    for chunk in _chunks(all_keys):
        for key, person_id in PersonSearchKey.objects.filter(council=council, key__in=chunk).values_list("key", "person_id"):
            holders[key].add(person_id)
    empty: set[Any] = set()
    wanted: dict[int, set[Any]] = {}
    for number, keys in queries.items():
        narrow = set().union(*(holders.get(k, empty) for k in keys if k.startswith(("dob:", "pc:", "uprn:"))))
        # (∪ family) ∩ (∪ given) as a union of pairwise intersections: a common surname's key is held by
        # thousands, and intersecting walks only the smaller set, where a union would copy the large one.
        family = [holders[k] for k in keys if k.startswith("fam:") and k in holders]
        given = [holders[k] for k in keys if k.startswith("giv:") and k in holders]
        wanted[number] = narrow.union(*(f & g for f in family for g in given))
    names: dict[Any, str] = {}
    candidates: dict[Any, matching.Candidate] = {}
    for chunk in _chunks(sorted(set().union(*wanted.values()), key=str) if wanted else []):
        # Values, not model instances: the scorer needs names, date of birth, aliases and addresses only.
        loaded = Person.objects.filter(pk__in=chunk, merged_into__isnull=True).order_by()
        people: dict[object, tuple[str, str, date | None]] = {
            pk: (given, family, dob) for pk, given, family, dob in loaded.values_list("pk", "given_names", "family_name", "date_of_birth")}
        names.update({pk: f"{given} {family}".strip() for pk, (given, family, _dob) in people.items()})
        candidates.update({c.person_id: c for c in candidates_from_values(people)})
    out: dict[int, list[tuple[str, matching.MatchResult]]] = {}
    for row in rows:
        query = _query(row)
        # A likely duplicate needs the date of birth, UPRN or address to agree (see _same_person_likely): check
        # that first, and compare names (most of the cost) only for the candidates that pass.
        scored = [(names[pk], result) for pk in wanted[row.number]
                  if pk in candidates and (result := matching.score_if_confirmed(query, candidates[pk])) is not None]
        hits = sorted(((p, r) for p, r in scored if _same_person_likely(r)), key=lambda pr: -pr[1].score)
        if hits:
            out[row.number] = hits[:3]
    return out


def _live_marker_holders(person_ids: set[Any]) -> set[Any]:
    return set(Measure.objects.filter(person_id__in=list(person_ids), kind=Measure.Kind.SAFETY_MARKER, premises__isnull=True,
                                      status__in=("active", "under_review")).values_list("person_id", flat=True))


def plan_rows(*, council: Organisation, raw_rows: list[dict[str, Any]], today: date, approving: bool = False) -> list[RowOutcome]:
    """Every row's outcome: its errors, or what the import would do with it."""
    lists = ManagedLists.for_council(council)
    outcomes: list[RowOutcome] = []
    good: list[SheetRow] = []
    for raw in raw_rows:
        row, errors = parse_row(raw, lists, today)
        outcome = RowOutcome(number=raw["_row"], name=f"{raw.get('first_name', '')} {raw.get('last_name', '')}".strip(),
                             kind=str(raw.get("kind", "")), errors=errors, row=row)
        if row is not None:
            outcome.kind = Measure.Kind(row.kind).label
            good.append(row)
        outcomes.append(outcome)
    exact = _exact_matches(council, good)
    # Only rows that make a new record can be possible duplicates: an exact match, or a later row about the same
    # person as an earlier one, is linked (and never scored).
    fresh, seen = [], set(exact)
    for row in good:
        if row.exact_key is None or row.exact_key not in seen:
            fresh.append(row)
        if row.exact_key is not None:
            seen.add(row.exact_key)
    duplicates = _possible_duplicates(council, fresh)
    by_number = {o.number: o for o in outcomes}
    first_row_for: dict[tuple[str, str, date], int] = {}
    marker_rows: dict[Any, int] = {}
    for row in good:
        outcome = by_number[row.number]
        key = row.exact_key
        if key is not None and key in exact:
            outcome.action, outcome.person = "link", exact[key]
            outcome.detail = "Same name and date of birth as an existing record: the entry is added to it."
        elif key is not None and key in first_row_for:
            outcome.action, outcome.same_as_row = "link", first_row_for[key]
            outcome.detail = f"Same person as row {first_row_for[key]}."
        elif row.number in duplicates:
            outcome.action = "possible_duplicate"
            names = "; ".join(f"{name} ({r.explanation})" for name, r in duplicates[row.number])
            outcome.detail = f"A new record is made; it may be the same as {names}. Check, and merge if so."
        else:
            outcome.action, outcome.detail = "create", "A new record is made."
        if key is not None:
            first_row_for.setdefault(key, row.number)
        if row.kind == Measure.Kind.SAFETY_MARKER:
            subject = outcome.person.pk if outcome.person else (outcome.same_as_row or row.number)
            if subject in marker_rows:
                outcome.errors.append(f"a second safety marker for the same person as row {marker_rows[subject]}: combine them")
            marker_rows[subject] = row.number
    if approving:
        holders = _live_marker_holders({o.person.pk for o in outcomes if o.person and o.row and o.row.kind == Measure.Kind.SAFETY_MARKER})
        for o in outcomes:
            if o.person and o.person.pk in holders and o.row and o.row.kind == Measure.Kind.SAFETY_MARKER:
                o.errors.append("this person already has a live safety marker: review that one instead")
    for o in outcomes:
        if o.errors:
            o.action = "error"
    return outcomes
