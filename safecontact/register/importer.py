"""Planning a register import: what each good row would do to the register. Nothing here writes.

`sheets.iter_sheet` reads the file row by row; `import_rows.parse_rows` checks every row against the rules;
`match_rows` decides, per good row, whether the person is new, the same as an existing record (same council, same
normalised names and date of birth) or a possible duplicate (the matching scorer, over candidates found through the
precomputed search keys), and refuses rows the register already holds. services_import.register_import writes, and
matches again under the council's import lock, so a second import of the same file sees the first one's people.
Columns are documented in docs/how-to/import-register.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.people.matching_records import candidates_from_values
from safecontact.people.models import Person, PersonSearchKey
from safecontact.register.import_rows import SOURCE_ORGANISATION, ImportReport, Progress, RowOutcome, SheetRow, parse_rows
from safecontact.register.models import Measure
from safecontact.register.sheets import COLUMNS, REQUIRED_COLUMNS, SheetError, iter_sheet, read_sheet

__all__ = ["COLUMNS", "REQUIRED_COLUMNS", "ImportReport", "Progress", "RowOutcome", "SheetError", "SheetRow", "iter_sheet",
           "match_rows", "parse_rows", "plan_rows", "read_sheet"]

CHUNK = 500
MATCH_CHUNK = 2000  # rows scored for possible duplicates between two progress reports


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


def _already_imported(council: Organisation, rows: list[SheetRow]) -> dict[int, str]:
    """Rows whose entry an earlier import put on the register and that has not ended (the same file imported twice,
    or at once by two people): row number → that entry's reference."""
    wanted: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for row in rows:
        wanted[(row.given, row.family, row.date_of_birth, row.incident_date, row.kind, row.reason.strip())].append(row.number)
    found: dict[int, str] = {}
    for chunk in _chunks(sorted({r.family for r in rows})):
        entries = Measure.objects.filter(
            council=council, origin=Measure.Origin.IMPORTED, originating_incident__source_organisation=SOURCE_ORGANISATION,
            originating_incident__subject_family_name__in=chunk,
        ).exclude(status=Measure.Status.ENDED).values_list(
            "reference", "originating_incident__subject_given_names", "originating_incident__subject_family_name",
            "originating_incident__subject_date_of_birth", "originating_incident__occurred_at", "kind", "reasons")
        for reference, given, family, dob, occurred, kind, reasons in entries:
            key = (given, family, dob, timezone.localtime(occurred).date() if occurred else None, kind, reasons.strip())
            for number in wanted.get(key, []):
                found.setdefault(number, reference)
    return found


def _reset(outcome: RowOutcome) -> None:
    """Matching again (under the lock, after a dry run) starts from the parsed row."""
    outcome.action, outcome.detail, outcome.person, outcome.same_as_row, outcome.errors = "error", "", None, None, []


def _link_or_create(good: list[SheetRow], exact: dict[Any, Person], duplicates: dict[int, Any],
                    by_number: dict[int, RowOutcome]) -> None:
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


def match_rows(*, council: Organisation, outcomes: list[RowOutcome], approving: bool = False,
               progress: Progress | None = None) -> list[RowOutcome]:
    """What the import would do with each parsed row, against the register as it stands now. Rows already in error
    (parsing) keep their errors; the others are matched afresh, so this may run again on the same outcomes."""
    progress = progress or Progress()
    progress.stage, progress.matched = "matching", 0
    progress.tell()
    good: list[SheetRow] = []
    for outcome in outcomes:
        if outcome.row is not None:
            _reset(outcome)
            good.append(outcome.row)
    exact = _exact_matches(council, good)
    # Only rows that make a new record can be possible duplicates: an exact match, or a later row about the same
    # person as an earlier one, is linked (and never scored).
    fresh, seen = [], set(exact)
    for row in good:
        if row.exact_key is None or row.exact_key not in seen:
            fresh.append(row)
        if row.exact_key is not None:
            seen.add(row.exact_key)
    progress.matched = len(good) - len(fresh)
    duplicates: dict[int, Any] = {}
    for chunk in _chunks(fresh, MATCH_CHUNK):
        duplicates.update(_possible_duplicates(council, chunk))
        progress.matched += len(chunk)
        progress.tell()
    by_number = {o.number: o for o in outcomes}
    _link_or_create(good, exact, duplicates, by_number)
    already = _already_imported(council, good)
    for number, reference in already.items():
        by_number[number].errors.insert(0, f"this entry is already on the register ({reference}, from an earlier import): "
                                           "remove the row")
    if approving:
        holders = _live_marker_holders({o.person.pk for o in outcomes if o.person and o.row and o.row.kind == Measure.Kind.SAFETY_MARKER})
        for o in outcomes:
            if o.person and o.person.pk in holders and o.row and o.row.kind == Measure.Kind.SAFETY_MARKER \
                    and o.number not in already:
                o.errors.append("this person already has a live safety marker: review that one instead")
    for o in outcomes:
        if o.errors:
            o.action = "error"
    progress.errors = sum(1 for o in outcomes if o.errors)
    progress.tell()
    return outcomes


def plan_rows(*, council: Organisation, raw_rows: Iterable[dict[str, Any]], today: date, approving: bool = False) -> list[RowOutcome]:
    """Every row's outcome: its errors, or what the import would do with it."""
    return match_rows(council=council, outcomes=parse_rows(raw_rows, council=council, today=today), approving=approving)
