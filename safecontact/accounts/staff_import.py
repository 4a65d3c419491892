"""Inviting a council's staff from a CSV file: email, name, job title, team, line manager's email.

A dry run first checks every row and says what would happen, naming each row's problems; the import itself checks
again and then invites every row or none (one transaction: accounts, invitations, their emails in the outbox and the
audit events commit together). A line manager may be an existing member of staff or someone else in the file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from safecontact.access.checks import can, require
from safecontact.access.policy import Action, Role
from safecontact.accounts.invitations import _invite, _invitee, _never_signed_in
from safecontact.accounts.models import Invitation, Organisation, Team, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.csv_text import csv_rows, csv_text
from safecontact.core.exceptions import ApplicationError

MAX_ROWS = 5000
# Header names as a spreadsheet may spell them (compared in lower case, spaces and hyphens read as underscores).
COLUMNS = {
    "email": ("email", "email_address", "work_email"),
    "name": ("name", "full_name"),
    "job_title": ("job_title", "job", "title"),
    "team": ("team", "service", "service_area", "team_or_service"),
    "line_manager_email": ("line_manager_email", "line_manager", "manager_email", "manager"),
}


@dataclass
class StaffRow:
    number: int  # the line in the file, counting the header as 1, as a spreadsheet shows it
    email: str
    name: str
    job_title: str = ""
    team_name: str = ""
    line_manager_email: str = ""
    errors: list[str] = field(default_factory=list)
    invited_again: bool = False
    team: Team | None = None
    line_manager: User | None = None


@dataclass
class StaffImportReport:
    rows: list[StaffRow] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    dry_run: bool = True
    imported: bool = False

    @property
    def errors(self) -> list[str]:
        return self.file_errors + [f"row {row.number}: {error}" for row in self.rows for error in row.errors]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        return sum(1 for row in self.rows if row.errors)


def _header(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = "_".join(cell.strip().lower().replace("-", " ").split())
        for column, spellings in COLUMNS.items():
            if name in spellings and column not in found:
                found[column] = index
    return found


def _read(text: str, report: StaffImportReport) -> list[StaffRow]:
    lines: Iterator[list[str]] = csv_rows(text)
    header = _header(next(lines, []))
    missing = [column for column in ("email", "name") if column not in header]
    if missing:
        report.file_errors.append("The first row must name the columns: email, name, job_title, team, line_manager_email "
                                  f"(missing: {', '.join(missing)})")
        return []
    rows = []
    for number, cells in enumerate(lines, start=2):
        if not any(cell.strip() for cell in cells):
            continue

        def cell(column: str, cells: list[str] = cells) -> str:
            index = header.get(column)
            return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

        rows.append(StaffRow(number=number, email=cell("email").lower(), name=cell("name"), job_title=cell("job_title"),
                             team_name=cell("team"), line_manager_email=cell("line_manager_email").lower()))
    if not rows:
        report.file_errors.append("The file has no rows under its header")
    elif len(rows) > MAX_ROWS:
        report.file_errors.append(f"The file has {len(rows)} rows: import at most {MAX_ROWS} at a time")
    return rows


def _check_person(row: StaffRow, existing: User | None, council: Organisation) -> None:
    if not row.email:
        row.errors.append("Enter the email address")
    else:
        try:
            validate_email(row.email)
        except ValidationError:
            row.errors.append(f"'{row.email}' is not an email address")
    if not row.name:
        row.errors.append("Enter the person's name")
    if existing is None:
        return
    if existing.invitations.filter(status=Invitation.Status.PENDING).exists():
        row.errors.append(f"{row.email} has been invited already")
    elif existing.organisation_id != council.pk or not _never_signed_in(existing):
        row.errors.append(f"{row.email} already has an account")
    else:
        row.invited_again = True


def _manager_chain_loops(row: StaffRow, by_email: dict[str, StaffRow]) -> bool:
    seen = {row.email}
    boss = by_email.get(row.line_manager_email)
    while boss is not None:
        if boss.email in seen:
            return True
        seen.add(boss.email)
        boss = by_email.get(boss.line_manager_email)
    return False


def _check_rows(rows: list[StaffRow], council: Organisation) -> None:
    teams = {team.name.lower(): team for team in Team.objects.filter(council=council)}
    emails = {row.email for row in rows} | {row.line_manager_email for row in rows}
    users = {user.email.lower(): user for user in User.objects.filter(email__in=[e for e in emails if e])}
    by_email: dict[str, StaffRow] = {}
    for row in rows:
        if row.email and row.email in by_email:
            row.errors.append(f"{row.email} is also on row {by_email[row.email].number}")
        else:
            by_email.setdefault(row.email, row)
    for row in rows:
        _check_person(row, users.get(row.email), council)
        if row.team_name:
            row.team = teams.get(row.team_name.lower())
            if row.team is None:
                row.errors.append(f"'{row.team_name}' is not one of the council's teams: add it first, or correct the name")
        manager_email = row.line_manager_email
        if not manager_email:
            continue
        if manager_email == row.email:
            row.errors.append("A person cannot be their own line manager")
        elif manager_email in by_email:
            if _manager_chain_loops(row, by_email):
                row.errors.append("The line managers in the file go round in a circle")
        else:
            manager = users.get(manager_email)
            if manager is None or manager.organisation_id != council.pk or not manager.is_active:
                row.errors.append(f"The line manager {manager_email} is not a member of the council's staff or in the file")
            row.line_manager = manager


def _in_manager_order(rows: list[StaffRow]) -> list[StaffRow]:
    """Line managers in the file before the people they manage (no circles: checked already)."""
    by_email = {row.email: row for row in rows}
    ordered: list[StaffRow] = []
    placed: set[str] = set()

    def place(row: StaffRow) -> None:
        if row.email in placed:
            return
        boss = by_email.get(row.line_manager_email)
        if boss is not None and boss is not row:
            place(boss)
        placed.add(row.email)
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


def staff_import(*, actor: User, council: Organisation, data: bytes | str, dry_run: bool = True, give_staff_role: bool = False,
                 business_need: str = "") -> StaffImportReport:
    """Check every row; unless `dry_run` or any row is wrong, invite them all in one transaction."""
    require(actor, Action.USER_IMPORT, council)
    report = StaffImportReport(dry_run=dry_run)
    if give_staff_role and not can(actor, Action.ROLE_ASSIGNMENT_DECIDE, council):
        report.file_errors.append("Only a register manager can give a role with an invitation")
    if give_staff_role and not business_need.strip():
        report.file_errors.append("Say why these people need the staff member role")
    try:
        report.rows = _read(csv_text(data), report)
    except ApplicationError as error:
        report.file_errors.append(error.message)
        return report
    _check_rows(report.rows, council)
    if dry_run or not report.ok:
        return report
    role = Role.STAFF if give_staff_role else None
    try:
        with transaction.atomic():
            _write(report, actor=actor, council=council, role=role, business_need=business_need)
    except ApplicationError:
        return report  # a row refused at the last moment (someone invited meanwhile): nothing was written
    report.imported = True
    return report


def _write(report: StaffImportReport, *, actor: User, council: Organisation, role: Role | None, business_need: str) -> None:
    invited: dict[str, User] = {}
    for row in _in_manager_order(report.rows):
        try:
            user = _invitee(actor=actor, council=council, email=row.email, full_name=row.name, job_title=row.job_title,
                            team=row.team, line_manager=invited.get(row.line_manager_email) or row.line_manager)
            _invite(actor=actor, council=council, user=user, role=role, business_need=business_need if role else "")
        except ApplicationError as error:
            row.errors.append(error.message)
            raise
        invited[row.email] = user
    audit_record(actor=actor, event=EventType.STAFF_IMPORTED, council=council, subject=council,
                 data={"rows": len(report.rows), "role": role or ""})
