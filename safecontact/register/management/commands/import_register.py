from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safecontact.accounts.models import Organisation, User
from safecontact.register.importer import ImportReport
from safecontact.register.selectors import first_register_manager
from safecontact.register.services_import import register_import


def print_report(report: ImportReport, write: Any) -> None:
    for row in report.rows:
        write(f"row {row.number}: {row.action_label}: {row.name} ({row.kind}). {row.detail}".rstrip())
    for error in report.errors:
        write(f"ERROR {error}")
    counts = report.counts
    write(f"{len(report.rows)} rows: {counts['create']} new, {counts['link']} existing, "
          f"{counts['possible_duplicate']} possible duplicates, {counts['error']} with errors.")


class Command(BaseCommand):
    help = "Import an existing spreadsheet register (.xlsx or .csv): all rows or none. See docs/how-to/import-register.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", required=True, help="Slug of the council whose register this is")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; change nothing")
        parser.add_argument("--imported-by", help="Email of the register manager importing (default: the council's first)")
        parser.add_argument("--approved-by", help="Email of the decision-maker or register manager who signs off the register")

    def _user(self, email: str) -> User:
        try:
            return User.objects.get(email__iexact=email, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user with the email {email}.") from exc

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            council = Organisation.objects.get(slug=options["council"])
        except Organisation.DoesNotExist as exc:
            raise CommandError("No council with that slug.") from exc
        actor = self._user(options["imported_by"]) if options["imported_by"] else first_register_manager(council=council)
        if actor is None:
            raise CommandError(f"{council} has no register manager: name one with --imported-by.")
        approver = self._user(options["approved_by"]) if options["approved_by"] else None
        if not options["file"].is_file():
            raise CommandError(f"No file {options['file']}.")
        with options["file"].open("rb") as handle:
            report = register_import(actor=actor, council=council, source=handle, filename=options["file"].name,
                                     dry_run=options["dry_run"], approved_by=approver)
        if report.file_errors and not report.rows:
            # The file as a whole was refused (not CSV text, no header): one line, no empty report.
            raise CommandError(f"Nothing was imported: {' '.join(report.file_errors)}")
        print_report(report, self.stdout.write)
        if not report.ok:
            raise CommandError("Nothing was imported: correct the rows above and run it again.")
        if report.imported:
            self.stdout.write(self.style.SUCCESS(f"Imported {report.measures_created} entries."))
        else:
            self.stdout.write("Dry run: nothing was changed.")
