"""Importing an existing spreadsheet register: all or nothing, in one transaction.

Each row makes (or reuses) the person, their aliases and address, an Incident recording the
incident the old register rested on, and a Measure proposed through `measure_import_propose`, then
approved when someone signs off the migrated register (see docs/how-to/import-register.md).
The real run writes in bulk (services_import_bulk: the same records, rules and audit events); if the
database refuses a batch, the rows are written again one by one here to name the row at fault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone

from safecontact.access.checks import can, require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.incidents.models import Incident
from safecontact.people.matching_records import refresh_search_keys
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias
from safecontact.register import services
from safecontact.register.importer import ImportReport, Progress, RowOutcome, SheetError, SheetRow, iter_sheet, match_rows, parse_rows
from safecontact.register.models import LIVE_STATUSES, Measure
from safecontact.register.review_dates import default_review_due, review_limit
from safecontact.register.services_import_bulk import SOURCE_ORGANISATION, RowsRefusedError, check_rows, write_rows_bulk


class _RollBackError(Exception):
    """Raised inside the transaction to undo every row when one fails."""


@transaction.atomic
def measure_approve_imported(*, actor: User, measure: Measure, review_due: date | None) -> Measure:
    """Sign-off of a migrated register by a register manager (who may not approve measures one by
    one): the measure goes live with the sheet's review date, never beyond the hard maximum."""
    council = measure.council
    require(actor, Action.REGISTER_IMPORT, council)
    measure = services.measure_lock(measure=measure, expect=(Measure.Status.AWAITING_APPROVAL,))
    if measure.proposed_by_id == actor.pk:
        raise ApplicationError("The person who imported the register cannot also sign it off.")
    today = timezone.localdate()
    review_due = min(review_due or default_review_due(council=council, today=today), review_limit(today))
    if review_due <= today:
        raise ApplicationError("The review date must be in the future.", field="review_due")
    if measure.kind == Measure.Kind.SAFETY_MARKER and Measure.objects.filter(
        council=council, kind=Measure.Kind.SAFETY_MARKER, status__in=LIVE_STATUSES, subject_key=measure.subject_key
    ).exists():
        raise ApplicationError("There is already a live safety marker for this person.")
    measure.status = Measure.Status.ACTIVE
    measure.approved_by, measure.approved_at, measure.approved_on = actor, timezone.now(), today
    measure.starts_on, measure.review_due = today, review_due
    measure.save()
    audit_record(actor=actor, event=EventType.MEASURE_APPROVED, council=council, subject=measure,
                 data={"review_due": review_due.isoformat(), "imported": True})
    return measure


def _address_for(row: SheetRow, by_uprn: dict[str, Address], council: Organisation) -> Address | None:
    if row.uprn and row.uprn in by_uprn:
        return by_uprn[row.uprn]
    if not (row.address or row.postcode or row.uprn):
        return None
    address = Address.objects.create(council=council, line1=row.address or row.postcode or f"UPRN {row.uprn}", postcode=row.postcode,
                                     uprn=row.uprn)
    if row.uprn:
        by_uprn[row.uprn] = address
    return address


def _person_for(outcome: RowOutcome, made: dict[int, Person], council: Organisation, actor: User) -> tuple[Person, bool]:
    row = outcome.row
    assert row is not None
    if outcome.person is not None:
        return outcome.person, False
    if outcome.same_as_row is not None:
        return made[outcome.same_as_row], False
    person = Person.objects.create(council=council, given_names=row.given, family_name=row.family, date_of_birth=row.date_of_birth,
                                   created_by=actor)
    PersonAlias.objects.bulk_create([PersonAlias(person=person, given_names=g, family_name=f) for g, f in row.aliases])
    return person, True


def _incident_for(row: SheetRow, person: Person, council: Organisation, actor: User, reference: str) -> Incident:
    tz = timezone.get_current_timezone()
    submitted = datetime.combine(row.date_added or row.incident_date, time(12), tz)
    return Incident.objects.create(
        council=council, reference=reference, status=Incident.Status.DECIDED, reporter=actor, submitted_at=submitted,
        occurred_at=datetime.combine(row.incident_date, time(12), tz), channel=Incident.Channel.OTHER, location="Imported register",
        account=row.incident_summary, subject_given_names=row.given, subject_family_name=row.family,
        subject_date_of_birth=row.date_of_birth, subject_address=row.address[:300], subject_postcode=row.postcode,
        identity_confirmation=Incident.Identity.KNOWN_ACCOUNT, person=person, source_organisation=SOURCE_ORGANISATION,
    )


def _measure_for(row: SheetRow, person: Person, incident: Incident, council: Organisation, actor: User) -> Measure:
    if row.kind == Measure.Kind.SAFETY_MARKER:
        assert row.risk_impact is not None and row.risk_likelihood is not None
        marker = services.MarkerDetails(risk_impact=row.risk_impact, risk_likelihood=row.risk_likelihood, risk_description=row.reason,
                                        precautions=row.precautions, advice=row.advice)
        return services.measure_import_propose(actor=actor, council=council, originating_incident=incident, person=person,
                                        reasons=row.reason, marker=marker)
    restriction = services.RestrictionDetails(restriction_types=row.restriction_types, scope=row.scope,
                                              mandatory_services_route=row.mandatory_services_route)
    return services.measure_import_propose(actor=actor, council=council, originating_incident=incident, person=person,
                                    reasons=row.reason, restriction=restriction)


def _approve(measure: Measure, row: SheetRow, approver: User) -> None:
    if can(approver, Action.MEASURE_APPROVE, measure.council):
        services.measure_approve(actor=approver, measure=measure, review_due=row.review_due)
    else:
        measure_approve_imported(actor=approver, measure=measure, review_due=row.review_due)


def _message(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    if isinstance(exc, DatabaseError):  # the transaction is abandoned straight after: nothing else is written
        return "the database refused this row (a value too long for its column, or a record changed during the import): check it"
    return "; ".join(getattr(exc, "messages", [str(exc)]))


def _write(report: ImportReport, *, actor: User, council: Organisation, approver: User | None) -> None:
    good = [o for o in report.rows if o.row is not None]
    uprns = sorted({o.row.uprn for o in good if o.row and o.row.uprn})
    by_uprn = {a.uprn: a for a in Address.objects.filter(council=council, uprn__in=uprns)} if uprns else {}  # the council's own only
    made: dict[int, Person] = {}
    touched: dict[Any, Person] = {}
    stem, _, first = next_reference(model=Incident, council=council, prefix="IMP").rpartition("-")
    for offset, outcome in enumerate(good):
        row = outcome.row
        assert row is not None
        try:
            person, _new = _person_for(outcome, made, council, actor)
            made[row.number] = person
            address = _address_for(row, by_uprn, council)
            if address is not None and not PersonAddress.objects.filter(person=person, address=address).exists():
                PersonAddress.objects.create(person=person, address=address, from_date=row.date_added)
            touched[person.pk] = person
            incident = _incident_for(row, person, council, actor, f"{stem}-{int(first) + offset:06d}")
            measure = _measure_for(row, person, incident, council, actor)
            if approver is not None:
                _approve(measure, row, approver)
        except (ApplicationError, ValidationError, PermissionDenied, DatabaseError) as exc:
            message = _message(exc)
            outcome.errors.append(message)
            outcome.action = "error"
            raise _RollBackError from exc
        report.measures_created += 1
    for person in touched.values():
        refresh_search_keys(person)


def _resolve_approver(actor: User, council: Organisation, approved_by: User | None, report: ImportReport) -> None:
    if approved_by is None:
        return
    if approved_by.pk == actor.pk:
        report.file_errors.append("The register must be signed off by someone other than the person who imports it.")
    elif not (can(approved_by, Action.MEASURE_APPROVE, council) or can(approved_by, Action.REGISTER_IMPORT, council)):
        report.file_errors.append(f"{approved_by.email} is not a decision-maker or register manager of {council}.")


class _BusyError(Exception):
    """SQLite only: the database's one write lock stayed taken (another import writing) for longer than its timeout."""


def _lock_imports(council: Organisation) -> None:
    """One import per council from matching to commit (issue 12: two imports of one file at once both wrote, each
    planned before the other committed). Call first inside the import's transaction. PostgreSQL: an advisory lock
    held to the end of the transaction, taken by imports only, so nothing else of the council waits on the matching.
    SQLite: the transaction already holds the database's single write lock (BEGIN IMMEDIATE, see settings)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"register_import:{council.pk}"])


def _import_locked(report: ImportReport, *, actor: User, council: Organisation, approved_by: User | None, bulk: bool,
                   progress: Progress, before_commit: Callable[[ImportReport], None] | None) -> bool:
    """Match every parsed row against the register under the lock, and write them if none is refused."""
    locked = False
    try:
        with transaction.atomic():
            _lock_imports(council)
            locked = True
            match_rows(council=council, outcomes=report.rows, approving=approved_by is not None, progress=progress)
            if not report.ok:  # e.g. another import of the same rows committed while this one waited
                return False
            progress.stage = "writing"
            progress.tell()
            if bulk:
                write_rows_bulk(report, check_rows(report, council=council, approver=approved_by), actor=actor, council=council)
            else:
                _write(report, actor=actor, council=council, approver=approved_by)
            _record_import(report, actor=actor, council=council, approved_by=approved_by)
            if before_commit is not None:
                before_commit(report)
    except OperationalError as exc:
        if not locked and connection.vendor == "sqlite" and "locked" in str(exc):
            raise _BusyError from exc
        raise
    return True


def register_import(
    *, actor: User, council: Organisation, source: str | Path | IO[bytes], filename: str = "", dry_run: bool = True,
    approved_by: User | None = None, progress: Progress | None = None,
    before_commit: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Check every row and, unless `dry_run` or any row is bad, import them all in one transaction.

    The file is read a row at a time. The real run matches the rows against the register again, and writes them,
    under the council's import lock: of two imports of one file at once, the second waits, then finds the first one's
    people and entries and refuses its rows. `progress` is told how far the import has got (and may raise to stop
    it); `before_commit` runs inside the transaction after the writes (the import job records itself done there, or
    raises to undo everything)."""
    require(actor, Action.REGISTER_IMPORT, council)
    require(actor, Action.MEASURE_PROPOSE, council)
    report = ImportReport(dry_run=dry_run)
    progress = progress or Progress()
    try:
        outcomes = parse_rows(iter_sheet(source, filename), council=council, today=timezone.localdate(), progress=progress)
    except SheetError as exc:
        report.file_errors.append(str(exc))
        return report
    if not outcomes:
        report.file_errors.append("The file has no rows under its header.")
        return report
    _resolve_approver(actor, council, approved_by, report)
    report.rows = outcomes
    if dry_run or not report.ok:
        match_rows(council=council, outcomes=outcomes, approving=approved_by is not None, progress=progress)
        return report
    progress.stage = "writing"  # told before the transaction: inside it, the figures cannot be saved for the page
    progress.tell()
    write = partial(_import_locked, report, actor=actor, council=council, approved_by=approved_by, progress=progress,
                    before_commit=before_commit)
    try:
        written = write(bulk=True)
    except RowsRefusedError:
        written = False
    except _BusyError:
        report.file_errors.append("Another import is being written to this council's register: try again when it has finished.")
        written = False
    except DatabaseError:
        # The database refused a batch (a constraint it alone checks, or a change made meanwhile): nothing was written.
        # Go through the rows one by one, which names the row at fault and again writes nothing.
        report.measures_created = 0
        try:
            written = write(bulk=False)
        except _RollBackError:
            written = False
    if not written:
        report.measures_created = 0
    report.imported = written
    return report


def _record_import(report: ImportReport, *, actor: User, council: Organisation, approved_by: User | None) -> None:
    audit_record(actor=actor, event=EventType.REGISTER_IMPORTED, council=council, subject=council, data={
        "rows": len(report.rows), "measures": report.measures_created, "new_people": report.count("create")
        + report.count("possible_duplicate"), "linked": report.count("link"), "signed_off": approved_by is not None,
    })
