"""Reading a register spreadsheet (.xlsx with openpyxl, or .csv) row by row into cells keyed by column name.

Reading streams, so memory stays bounded whatever the file's size: a workbook through openpyxl's read-only mode, a
CSV file through the csv module one record at a time (a first pass over the bytes only decides the encoding and
refuses binary content). Every problem says where it is (issue 12): a damaged workbook names the row it stopped at,
an over-long CSV cell its row and column, a formula or an Excel error value its cell; two columns read as the same
column are refused, naming both.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from safecontact.core.csv_text import NOT_CSV_TEXT, has_binary

REQUIRED_COLUMNS = ("last_name", "kind", "reason", "incident_date")
COLUMNS = (
    "first_name", "last_name", "aliases", "date_of_birth", "address", "postcode", "uprn", "kind", "risk_impact",
    "risk_likelihood", "precautions", "restriction", "reason", "incident_date", "incident_summary", "date_added",
    "review_due", "advice", "scope", "mandatory_services_route",
)
HEADER_ALIASES = {"surname": "last_name", "family_name": "last_name", "forename": "first_name", "given_names": "first_name",
                  "first_names": "first_name", "dob": "date_of_birth", "restrictions": "restriction", "reasons": "reason",
                  "impact": "risk_impact", "likelihood": "risk_likelihood", "address_line_1": "address"}
MAX_ROWS = 50_000
CHUNK_BYTES = 1 << 20
SAVE_AGAIN = "Open it in Excel, save it again as .xlsx (or as CSV UTF-8) and upload it again."
FORMULA_ADVICE = "replace formulas with their values (copy the cells, then Paste Special, Values) and upload the file again"


class SheetError(Exception):
    """The file as a whole cannot be read (wrong type, no header, missing or repeated columns, damaged, too long)."""


@dataclass(frozen=True)
class CellProblem:
    """A workbook cell whose value the import must not guess: a formula, or an Excel error value such as #N/A."""

    what: str


class _CellTooLongError(Exception):
    def __init__(self, record: int, column: int) -> None:
        super().__init__(record, column)
        self.record, self.column = record, column


def column_letter(index: int) -> str:
    """The spreadsheet's name for the column at 0-based `index`: A, B, … Z, AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _header(cell: Any) -> str:
    name = "" if isinstance(cell, CellProblem) else str(cell or "").strip().lower().replace(" ", "_").replace("-", "_")
    return HEADER_ALIASES.get(name, name)


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | CellProblem):
        return value
    return "" if value is None else str(value).strip()


# --------------------------------------------------------------------------- workbooks
def _xlsx_value(cell: Any) -> Any:
    if cell.data_type == "f":  # read with data_only=False: a formula shows as one, never as a blank or a stale value
        return CellProblem(f"a formula ({str(cell.value)[:40]})")
    if cell.data_type == "e":
        return CellProblem(f"an Excel error value ({cell.value})")
    return cell.value


def _xlsx_lines(handle: IO[bytes], name: str) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=False)
        rows = book.worksheets[0].iter_rows()
    except Exception as exc:
        # A .csv name on a zip that is no workbook (a Word file, say) gets the CSV advice.
        raise SheetError(NOT_CSV_TEXT if name.lower().endswith(".csv") else
                         "The file could not be read as an Excel workbook (.xlsx).") from exc
    number = 0
    try:
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # damaged XML or compressed data inside the workbook: openpyxl's own errors vary
                where = f"after row {number}" if number else "in its first row"
                raise SheetError(f"The workbook is damaged {where}: the rest could not be read. {SAVE_AGAIN}") from exc
            number += 1
            yield [_xlsx_value(c) for c in cells]
    finally:
        book.close()


# --------------------------------------------------------------------------- CSV
class _Upto(io.RawIOBase):
    """The handle's bytes up to `end` (a trailing DOS end-of-file marker left out)."""

    def __init__(self, handle: IO[bytes], end: int) -> None:
        self._handle, self._left = handle, end

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._handle.read(min(len(buffer), self._left)) if self._left > 0 else b""
        buffer[: len(data)] = data
        self._left -= len(data)
        return len(data)


def _csv_encoding(handle: IO[bytes]) -> tuple[str, int]:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 as older Excel saves it, read a chunk at a time;
    and where the text ends. Binary content (a photo or workbook renamed .csv) is refused here, before any row."""
    size = handle.seek(0, io.SEEK_END)
    tail_start = max(0, size - 4096)
    handle.seek(tail_start)
    end = tail_start + len(handle.read().rstrip(b"\x1a"))  # an old DOS end-of-file marker (Ctrl-Z) is harmless
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict" if encoding == "utf-8-sig" else "replace")
        handle.seek(0)
        left = end
        try:
            while left > 0 and (chunk := handle.read(min(CHUNK_BYTES, left))):
                left -= len(chunk)
                if has_binary(decoder.decode(chunk)):
                    raise SheetError(NOT_CSV_TEXT)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        break
    handle.seek(0)
    return encoding, end


class _Lines:
    """The text's lines, keeping those of the record being read: an over-long cell is then found in them."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self.current: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._text)
        self.current.append(line)
        return line


def _long_cell_column(record: str, limit: int) -> int:
    """The 0-based column of the first cell longer than `limit` in one CSV record (comma-separated, "-quoted)."""
    column = length = 0
    quoted, i = False, 0
    while i < len(record):
        char = record[i]
        if quoted and char == '"' and record[i + 1 : i + 2] == '"':
            length, i = length + 1, i + 2
            continue
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            column, length = column + 1, 0
        else:
            length += 1
        if length > limit:
            return column
        i += 1
    return column


def _csv_lines(handle: IO[bytes]) -> Iterator[list[str]]:
    encoding, end = _csv_encoding(handle)
    # newline="" as the csv module asks, so a line break inside a quoted cell stays in the cell.
    lines = _Lines(io.TextIOWrapper(io.BufferedReader(_Upto(handle, end)), encoding=encoding, errors="replace", newline=""))
    reader = csv.reader(lines)
    records = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _CellTooLongError(records + 1, _long_cell_column("".join(lines.current), csv.field_size_limit())) from exc
            raise SheetError(NOT_CSV_TEXT) from exc
        records += 1
        lines.current = []
        yield record


# --------------------------------------------------------------------------- rows
@contextmanager
def _opened(source: str | Path | IO[bytes]) -> Iterator[IO[bytes]]:
    if isinstance(source, str | Path):
        with Path(source).open("rb") as handle:
            yield handle
    elif source.seekable():
        source.seek(0)
        yield source
    else:  # a pipe: kept in a temporary file (on disk past 1 MiB), since a CSV file is read twice
        with tempfile.SpooledTemporaryFile(max_size=CHUNK_BYTES) as copy:
            shutil.copyfileobj(source, copy)
            copy.seek(0)
            yield copy  # type: ignore[misc]


def _refuse_repeated_columns(raw: list[Any], header: list[str]) -> None:
    first: dict[str, int] = {}
    repeated = []
    for i, name in enumerate(header):
        if name not in COLUMNS:
            continue  # columns the import does not read may repeat: they are ignored
        if name in first:
            was = first[name]
            repeated.append(f"'{str(raw[was]).strip()}' (column {column_letter(was)}) and '{str(raw[i]).strip()}' "
                            f"(column {column_letter(i)}) are both read as {name}")
        else:
            first[name] = i
    if repeated:
        raise SheetError(f"Each column must be named once: {'; '.join(repeated)}. Rename or remove one of each.")


def _row(number: int, values: list[Any], header: list[str]) -> dict[str, Any] | None:
    cells = [_cell(v) for v in values]
    if not any(c not in ("", None) for c in cells):
        return None
    row: dict[str, Any] = {"_row": number}
    problems = []
    for i, name in enumerate(header):
        value = cells[i] if i < len(cells) else ""
        if isinstance(value, CellProblem):
            if name in COLUMNS:
                problems.append(f"cell {column_letter(i)}{number} ({name}) holds {value.what}: {FORMULA_ADVICE}")
            value = ""
        if name:
            row[name] = value
    if problems:
        row["_problems"] = problems
    return row


def iter_sheet(source: str | Path | IO[bytes], filename: str = "") -> Iterator[dict[str, Any]]:
    """Rows as {column: value}, one at a time, with "_row" the spreadsheet's row number and "_problems" the cells the
    import cannot take (formulas, error values). Dates in .xlsx stay dates. SheetError, raised before the first row
    or part-way, means the file cannot be imported."""
    name = filename or (str(source) if isinstance(source, str | Path) else "")
    with _opened(source) as handle:
        head = handle.read(2)
        handle.seek(0)
        if head == b"PK":
            lines = _xlsx_lines(handle, name)
        elif name.lower().endswith((".xlsx", ".xls")):
            raise SheetError("The file could not be read as an Excel workbook (.xlsx). Save it as .xlsx or .csv.")
        else:
            lines = _csv_lines(handle)
        header: list[str] = []
        try:
            raw = next(lines, [])
            header = [_header(c) for c in raw]
            _refuse_repeated_columns(raw, header)
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise SheetError(f"The first row must name the columns; missing: {', '.join(missing)}.")
            count = 0
            for number, values in enumerate(lines, start=2):
                row = _row(number, values, header)
                if row is None:
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise SheetError(f"The file has more than {MAX_ROWS:,} rows: split it.")
                yield row
        except _CellTooLongError as exc:
            name_of = f" ({header[exc.column]})" if exc.column < len(header) and header[exc.column] else ""
            raise SheetError(f"Row {exc.record}, column {column_letter(exc.column)}{name_of}: the cell is longer than "
                             f"{csv.field_size_limit() // 1024} KiB. Shorten it and upload the file again.") from exc


def read_sheet(source: str | Path | IO[bytes], filename: str = "") -> list[dict[str, Any]]:
    """Every row at once (small files and tests); the import itself streams with `iter_sheet`."""
    return list(iter_sheet(source, filename))
