"""Reading an uploaded CSV file as text, refusing one that is not text at all (a workbook, PDF or
photo renamed .csv) with one clear message instead of whatever the csv module trips over first.
Every CSV upload and import command goes through here."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from safecontact.core.exceptions import ApplicationError

NOT_CSV_TEXT = "The file is not a CSV text file: save it as CSV UTF-8 and try again"

# Control characters no spreadsheet writes into a CSV file (tab, line feed, vertical tab, form feed and
# carriage return are allowed). NUL is also what a UTF-16 "Unicode text" export is full of, which the
# message covers too: save it as CSV UTF-8.
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def has_binary(text: str) -> bool:
    """True if the text holds a control character no spreadsheet writes into a CSV file."""
    return _BINARY.search(text) is not None


class NotCsvTextError(ApplicationError):
    """The file as a whole is not CSV text: shown beside the upload field, or as a command's error."""

    def __init__(self, field: str = "file") -> None:
        super().__init__(NOT_CSV_TEXT, field=field)


def csv_text(data: bytes | str) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), else Windows-1252 as older Excel
    saves it. Raises NotCsvTextError for binary content."""
    if isinstance(data, bytes):
        # An old DOS end-of-file marker (Ctrl-Z) at the very end is harmless.
        data = data.rstrip(b"\x1a")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    else:
        text = data
    if _BINARY.search(text):
        raise NotCsvTextError
    return text


def csv_rows(text: str) -> Iterator[list[str]]:
    """The rows of CSV text. newline="" as the csv module asks, so a line break inside a quoted cell
    stays in the cell; a malformed file (the csv module's own error) is NotCsvTextError."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from reader
    except csv.Error as exc:
        raise NotCsvTextError from exc
