"""Reading a register spreadsheet (.xlsx with openpyxl, or .csv) into rows of cells keyed by column name."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from safecontact.core.csv_text import NOT_CSV_TEXT, NotCsvTextError, csv_rows, csv_text

REQUIRED_COLUMNS = ("last_name", "kind", "reason", "incident_date")
HEADER_ALIASES = {"surname": "last_name", "family_name": "last_name", "forename": "first_name", "given_names": "first_name",
                  "first_names": "first_name", "dob": "date_of_birth", "restrictions": "restriction", "reasons": "reason",
                  "impact": "risk_impact", "likelihood": "risk_likelihood", "address_line_1": "address"}
MAX_ROWS = 50_000


class SheetError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing columns)."""


def _header(cell: Any) -> str:
    name = str(cell or "").strip().lower().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(name, name)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value if isinstance(value, date) else ("" if value is None else str(value).strip())


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    try:
        yield from csv_rows(csv_text(data))
    except NotCsvTextError as exc:
        raise SheetError(str(exc)) from exc


def read_sheet(source: str | Path | IO[bytes], filename: str = "") -> list[dict[str, Any]]:
    """Rows as {column: value}, with "_row" the spreadsheet's row number. Dates in .xlsx stay dates."""
    data = source.read() if hasattr(source, "read") else Path(source).read_bytes()
    name = filename or (str(source) if isinstance(source, str | Path) else "")
    if data[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:
            # A .csv name on a zip that is no workbook (a Word file, say) gets the CSV advice.
            raise SheetError(NOT_CSV_TEXT if name.lower().endswith(".csv") else
                             "The file could not be read as an Excel workbook (.xlsx).") from exc
        lines: Iterable[Iterable[Any]] = sheet.iter_rows(values_only=True)
    elif name.lower().endswith((".xlsx", ".xls")):
        raise SheetError("The file could not be read as an Excel workbook (.xlsx). Save it as .xlsx or .csv.")
    else:
        lines = _csv_lines(data)
    iterator = iter(lines)
    header = [_header(c) for c in next(iterator, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise SheetError(f"The first row must name the columns; missing: {', '.join(missing)}.")
    rows = []
    for number, values in enumerate(iterator, start=2):
        cells = [_cell(v) for v in values]
        if not any(c not in ("", None) for c in cells):
            continue
        rows.append({"_row": number, **{h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header) if h}})
        if len(rows) > MAX_ROWS:
            raise SheetError(f"The file has more than {MAX_ROWS} rows: split it.")
    return rows
