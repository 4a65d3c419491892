"""Register spreadsheets of any length for the import tests and the bench: `rows` different people (distinct names
and dates of birth), each with one entry, every row valid."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

HEADER = ["first_name", "last_name", "aliases", "date_of_birth", "address", "postcode", "uprn", "kind", "risk_impact",
          "risk_likelihood", "precautions", "restriction", "reason", "incident_date", "incident_summary", "date_added", "review_due"]
GIVEN = ["Aled", "Bethan", "Carys", "Dylan", "Eirlys", "Ffion", "Gareth", "Heledd", "Iolo", "Jac"]
FAMILY = ["Pryce", "Vaughan", "Lloyd", "Rowlands", "Meredith", "Gwynne", "Probert", "Tudor", "Bevan", "Howells"]


def people_rows(rows: int, *, restrictions_every: int = 0) -> Iterator[list[str]]:
    review = (date.today() + timedelta(days=150)).strftime("%d/%m/%Y")
    for n in range(rows):
        born = date(1930, 1, 1) + timedelta(days=(n * 7919) % 27000)  # spread over 74 years, distinct per name below
        restriction = restrictions_every and n % restrictions_every == 0
        yield [f"{GIVEN[n % 10]}{n // 100 or ''}", f"{FAMILY[(n // 10) % 10]}-{chr(65 + n % 26)}{n}", "", born.strftime("%d/%m/%Y"),
               f"{n + 1} Fault Street", "CF10 1AA", "", "restriction" if restriction else "marker", "" if restriction else "3",
               "" if restriction else "3", "" if restriction else "Visit in pairs", "written_only" if restriction else "",
               "Threatened staff at the door.", "12/01/2024", "Threatened an officer.", "15/01/2024", review]


def people_sheet(rows: int, **options: int) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(people_rows(rows, **options))
    return out.getvalue().encode()


def write_people_sheet(path: Path, rows: int, **options: int) -> Path:
    """Written a row at a time: a 50,000-row file never sits in memory."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(people_rows(rows, **options))
    return path
