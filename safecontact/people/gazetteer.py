"""Loading the council's gazetteer (an LLPG or AddressBase extract, as CSV) into Address.

`parse_gazetteer` is pure: it reads and checks every row and returns the good ones and the errors.
`gazetteer_import` writes them all or none, upserting by UPRN in batches (bulk_create and
bulk_update), so a council's 150,000 addresses load in seconds on SQLite and PostgreSQL. A gazetteer
is one council's: it creates and updates that council's addresses only, never another council's row
for the same UPRN.

Accepted header names (case and spaces do not matter):
    uprn                                      required, 1 to 12 digits
    line1 | address_line_1 | pao_text | addr1 required, the first line of the address
    line2 | address_line_2 | street | addr2    optional
    town | post_town | town_name | locality    optional
    postcode | post_code | postcode_locator    required, a valid UK postcode (normalised, e.g. GL50 1PQ)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from safecontact import matching
from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.csv_text import csv_rows, csv_text
from safecontact.core.exceptions import ApplicationError
from safecontact.people.models import Address

HEADERS = {
    "uprn": "uprn",
    "line1": "line1", "address_line_1": "line1", "address_line1": "line1", "pao_text": "line1", "addr1": "line1",
    "line2": "line2", "address_line_2": "line2", "address_line2": "line2", "street": "line2", "street_description": "line2", "addr2": "line2",
    "town": "town", "post_town": "town", "town_name": "town", "locality": "town",
    "postcode": "postcode", "post_code": "postcode", "postcode_locator": "postcode",
}
REQUIRED = ("uprn", "line1", "postcode")
BATCH = 2_000
MAX_ERRORS_SHOWN = 200
LIMITS = {"line1": 200, "line2": 200, "town": 100}


@dataclass(frozen=True)
class GazetteerRow:
    uprn: str
    line1: str
    line2: str
    town: str
    postcode: str


@dataclass
class GazetteerReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(source: str | Path | IO[bytes] | IO[str]) -> str:
    data: Any = source.read() if hasattr(source, "read") else Path(source).read_bytes()
    return csv_text(data)


def parse_gazetteer(source: str | Path | IO[bytes] | IO[str]) -> tuple[list[GazetteerRow], list[str]]:
    """Every row checked; errors name the row as a spreadsheet shows it (the header is row 1). A file
    that is not CSV text at all (a workbook or PDF renamed .csv) raises NotCsvTextError: there are no rows."""
    reader = csv_rows(_text(source))
    header = [HEADERS.get(h.strip().lower().replace(" ", "_").replace("-", "_"), "") for h in next(reader, [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [f"The first row must name the columns; missing: {', '.join(missing)} (see the accepted names)."]
    index = {name: header.index(name) for name in ("uprn", "line1", "line2", "town", "postcode") if name in header}
    rows: list[GazetteerRow] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        cell = {name: (values[i].strip() if i < len(values) else "") for name, i in index.items()}
        row_errors = []
        uprn = matching.normalise_uprn(cell["uprn"]) if cell["uprn"] else None
        if uprn is None:
            row_errors.append(f"uprn '{cell['uprn']}' is not a UPRN (1 to 12 digits)" if cell["uprn"] else "uprn is missing")
        elif uprn in seen:
            row_errors.append(f"uprn {uprn} is also on row {seen[uprn]}")
        postcode = matching.normalise_postcode(cell["postcode"])
        if postcode is None:
            row_errors.append(f"postcode '{cell['postcode']}' is not a UK postcode" if cell["postcode"] else "postcode is missing")
        if not cell["line1"]:
            row_errors.append("line1 is missing")
        for name, limit in LIMITS.items():
            if len(cell.get(name, "")) > limit:
                row_errors.append(f"{name} is longer than {limit} characters")
        if row_errors:
            errors.extend(f"row {number}: {e}" for e in row_errors)
            continue
        assert uprn is not None and postcode is not None
        seen[uprn] = number
        rows.append(GazetteerRow(uprn=uprn, line1=cell["line1"], line2=cell.get("line2", ""), town=cell.get("town", ""), postcode=postcode))
    return rows, errors


FIELDS = ("line1", "line2", "town", "postcode", "from_gazetteer")


def _existing(council: Organisation, uprns: list[str]) -> dict[str, tuple]:  # type: ignore[type-arg]
    """{uprn: (id, line1, line2, town, postcode, from_gazetteer)} of the council's own addresses: plain tuples,
    one pass over its addresses that have a UPRN when the file is large (a whole gazetteer), chunks when small."""
    columns = ("uprn", "id", *FIELDS)
    own = Address.objects.filter(council=council)
    if len(uprns) > 20_000:
        wanted = set(uprns)
        return {row[0]: row[1:] for row in own.exclude(uprn="").values_list(*columns).iterator(chunk_size=10_000) if row[0] in wanted}
    found: dict[str, tuple] = {}  # type: ignore[type-arg]
    for start in range(0, len(uprns), BATCH):
        found.update({row[0]: row[1:] for row in own.filter(uprn__in=uprns[start : start + BATCH]).values_list(*columns)})
    return found


def gazetteer_import(*, actor: User | None, council: Organisation, path_or_file: str | Path | IO[bytes] | IO[str]) -> GazetteerReport:
    """Upsert every address of the council's gazetteer by UPRN, or change nothing if any row is bad
    (NotCsvTextError, before any write, if the file is not CSV text). `actor=None` is the system (the
    management command run by an administrator on the server)."""
    if actor is not None:
        require(actor, Action.REGISTER_IMPORT, council)
    if not council.is_council:
        raise ApplicationError(f"{council} is not a council: a gazetteer belongs to a council.")
    rows, errors = parse_gazetteer(path_or_file)
    report = GazetteerReport(rows=len(rows), errors=errors)
    if errors:
        return report
    if not rows:
        report.errors.append("The file has no addresses under its header.")
        return report
    with transaction.atomic():
        existing = _existing(council, [r.uprn for r in rows])
        new: list[Address] = []
        changed: list[Address] = []
        now = timezone.now()
        for row in rows:
            found = existing.get(row.uprn)
            values = (row.line1, row.line2, row.town, row.postcode, True)
            if found is None:
                new.append(Address(council=council, uprn=row.uprn, **dict(zip(FIELDS, values, strict=True))))
            elif tuple(found[1:]) == values:
                report.unchanged += 1
            else:
                changed.append(Address(id=found[0], council=council, uprn=row.uprn, updated_at=now, **dict(zip(FIELDS, values, strict=True))))
        Address.objects.bulk_create(new, batch_size=BATCH)
        Address.objects.bulk_update(changed, [*FIELDS, "updated_at"], batch_size=BATCH)
        report.created, report.updated = len(new), len(changed)
        audit_record(actor=actor, event=EventType.GAZETTEER_IMPORTED, council=council,
                     data={"rows": report.rows, "created": report.created, "updated": report.updated, "unchanged": report.unchanged})
    report.imported = True
    return report
