"""The rows of a register import: each spreadsheet row parsed and checked against the rules, and the report.

Nothing here writes or reads the register's people: `importer.match_rows` plans what each good row would do,
services_import.register_import writes. Row numbers are the spreadsheet's own (the header is row 1). Columns are
documented in docs/how-to/import-register.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.core.validators import date_of_birth_problem
from safecontact.lists.selectors import choices_for
from safecontact.people.models import Person
from safecontact.register.models import Measure, Precaution, RestrictionType
from safecontact.register.review_dates import review_limit

KINDS = {"marker": Measure.Kind.SAFETY_MARKER, "safety marker": Measure.Kind.SAFETY_MARKER, "safety_marker": Measure.Kind.SAFETY_MARKER,
         "restriction": Measure.Kind.CONTACT_RESTRICTION, "contact restriction": Measure.Kind.CONTACT_RESTRICTION,
         "contact_restriction": Measure.Kind.CONTACT_RESTRICTION}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")
NO_ROUTE = "Not recorded in the imported register: the register manager confirms it at the first review."
SOURCE_ORGANISATION = "Imported register"  # the source organisation of every incident an import makes
PROGRESS_EVERY = 250  # rows between two progress reports while reading


@dataclass
class Progress:
    """How far a running import has got. `report` (the import job's) is called now and then: it saves the figures
    for the progress page, and stops the import by raising when someone cancelled it."""

    stage: str = "reading"  # reading | matching | writing
    read: int = 0
    matched: int = 0
    errors: int = 0
    report: Callable[[Progress], None] | None = None

    def tell(self) -> None:
        if self.report is not None:
            self.report(self)


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
        # What the council's pickers offer (lists/): not another council's items, nor what it has retired.
        precautions = {p.label.casefold(): p for p in choices_for(model=Precaution, council=council)}
        types: dict[str, RestrictionType] = {}
        for t in choices_for(model=RestrictionType, council=council):
            types[t.code.casefold()] = types[t.label.casefold()] = t
        return cls(precautions, types)


def parse_row(raw: dict[str, Any], lists: ManagedLists, today: date) -> tuple[SheetRow | None, list[str]]:
    if raw.get("_problems"):  # formulas or error values: their cells come first, nothing else is guessed from them
        return None, list(raw["_problems"])
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


def parse_rows(raw_rows: Iterable[dict[str, Any]], *, council: Organisation, today: date,
               progress: Progress | None = None) -> list[RowOutcome]:
    """Every row parsed, as it is read (the raw cells are not kept): its errors, or its SheetRow."""
    lists = ManagedLists.for_council(council)
    progress = progress or Progress()
    outcomes: list[RowOutcome] = []
    for raw in raw_rows:
        row, errors = parse_row(raw, lists, today)
        outcome = RowOutcome(number=raw["_row"], name=f"{raw.get('first_name', '')} {raw.get('last_name', '')}".strip(),
                             kind=str(raw.get("kind", "")), errors=errors, row=row)
        if row is not None:
            outcome.kind = Measure.Kind(row.kind).label
        outcomes.append(outcome)
        progress.read += 1
        progress.errors += bool(errors)
        if progress.read % PROGRESS_EVERY == 0:
            progress.tell()
    progress.tell()
    return outcomes
