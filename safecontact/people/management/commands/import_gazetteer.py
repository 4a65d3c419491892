from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safecontact.accounts.models import Organisation
from safecontact.core.csv_text import NotCsvTextError
from safecontact.people.gazetteer import MAX_ERRORS_SHOWN, gazetteer_import


class Command(BaseCommand):
    help = ("Load the council's gazetteer (LLPG/AddressBase extract as CSV: uprn, line1, line2, town, postcode) into its addresses, "
            "updating by UPRN. Every row is checked first; if any is bad nothing changes. Other councils' addresses are never touched.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--council", required=True, help="Slug of the council whose gazetteer this is")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        council = Organisation.objects.filter(slug=options["council"], kind=Organisation.Kind.COUNCIL).first()
        if council is None:
            raise CommandError(f"No council has the slug {options['council']!r}.")
        try:
            report = gazetteer_import(actor=None, council=council, path_or_file=path)
        except NotCsvTextError as exc:
            raise CommandError(f"Nothing was imported: {exc.message}.") from exc
        if not report.ok:
            for error in report.errors[:MAX_ERRORS_SHOWN]:
                self.stderr.write(error)
            if len(report.errors) > MAX_ERRORS_SHOWN:
                self.stderr.write(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more.")
            raise CommandError(f"Nothing was imported: {len(report.errors)} problem(s) in {path.name}.")
        self.stdout.write(self.style.SUCCESS(
            f"{report.rows} addresses: {report.created} new, {report.updated} updated, {report.unchanged} unchanged."))
