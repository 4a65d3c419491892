"""Every way a register file can fail to read is a message naming where, never a traceback (issue 12): a damaged
workbook, a CSV cell over the csv module's limit, a column named twice, a formula or an Excel error in a cell. And
the file is read a row at a time."""

import csv
import io
import zipfile
from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.register.services_import import register_import
from safecontact.register.sheets import SheetError, column_letter, iter_sheet, read_sheet
from safecontact.register.tests.import_sheets import people_sheet
from safecontact.register.tests.test_importer import GOOD_MARKER, GOOD_RESTRICTION, HEADER, counts, sheet

REASON = HEADER.index("reason")  # column M


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.REGISTER_MANAGER)


def workbook(*rows, header=HEADER) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def damaged(data: bytes, keep: float) -> bytes:
    """The same workbook with its sheet's XML cut off part-way and garbage after it."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                content = content[: int(len(content) * keep)] + b"<<<not xml"
            target.writestr(name, content)
    return out.getvalue()


def test_column_letters_are_the_spreadsheets_own():
    assert [column_letter(i) for i in (0, 12, 25, 26, 27, 701, 702)] == ["A", "M", "Z", "AA", "AB", "ZZ", "AAA"]


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_a_damaged_workbook_is_an_error_naming_the_row_it_stopped_at(council, manager, keep):
    data = damaged(workbook(*[GOOD_RESTRICTION] * 40), keep)
    before = counts()
    report = register_import(actor=manager, council=council, source=io.BytesIO(data), filename="register.xlsx", dry_run=False)
    assert not report.imported and counts() == before and report.rows == []
    [error] = report.errors
    assert error.startswith("The workbook is damaged ") and "save it again" in error
    assert "after row " in error or "in its first row" in error


def test_a_csv_cell_over_the_field_limit_names_its_row_and_column(council, manager):
    long_reason = list(GOOD_RESTRICTION)
    long_reason[REASON] = "Shouted, threatened, \"quoted\"; " * 5000  # ~160 KiB, with commas and quotes inside the cell
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, GOOD_RESTRICTION, GOOD_RESTRICTION, long_reason, GOOD_RESTRICTION])
    report = register_import(actor=manager, council=council, source=io.BytesIO(out.getvalue().encode()), filename="r.csv")
    assert report.errors == ["Row 4, column M (reason): the cell is longer than 128 KiB. Shorten it and upload the file again."]


def test_an_over_long_cell_in_an_unnamed_column_names_the_column_letter():
    out = io.StringIO()
    csv.writer(out).writerows([[*HEADER, ""], [*GOOD_RESTRICTION, "x" * 140_000]])
    with pytest.raises(SheetError, match=r"^Row 2, column R: the cell is longer than 128 KiB"):
        read_sheet(io.BytesIO(out.getvalue().encode()), "r.csv")


@pytest.mark.parametrize("header, message", [
    (["Surname", "kind", "reason", "incident_date", "last_name"],
     "Each column must be named once: 'Surname' (column A) and 'last_name' (column E) are both read as last_name. "
     "Rename or remove one of each."),
    (["last_name", "kind", "reason", "Reason", "incident_date", "DOB", "date of birth"],
     "Each column must be named once: 'reason' (column C) and 'Reason' (column D) are both read as reason; 'DOB' (column F) and "
     "'date of birth' (column G) are both read as date_of_birth. Rename or remove one of each."),
])
def test_a_column_named_twice_is_refused_naming_both(council, manager, header, message):
    report = register_import(actor=manager, council=council, source=io.BytesIO(workbook(header=header)), filename="r.xlsx")
    assert report.errors == [message]


def test_columns_the_import_does_not_read_may_repeat():
    data = (",".join([*HEADER, "notes", "notes"]) + "\n" + ",".join([*GOOD_RESTRICTION, "a", "b"]) + "\n").encode()
    assert len(read_sheet(io.BytesIO(data), "r.csv")) == 1


def test_formula_and_error_cells_are_row_errors_naming_the_cell(council, manager):
    formula, error_value, fine = list(GOOD_RESTRICTION), list(GOOD_RESTRICTION), list(GOOD_RESTRICTION)
    formula[REASON] = '=A2&" shouted"'
    error_value[HEADER.index("incident_date")] = "#N/A"
    report = register_import(actor=manager, council=council, source=io.BytesIO(workbook(formula, error_value, fine)), filename="r.xlsx")
    assert report.errors == [
        "row 2: cell M2 (reason) holds a formula (=A2&\" shouted\"): replace formulas with their values (copy the cells, "
        "then Paste Special, Values) and upload the file again",
        "row 3: cell N3 (incident_date) holds an Excel error value (#N/A): replace formulas with their values (copy the "
        "cells, then Paste Special, Values) and upload the file again",
    ]
    assert [r.action for r in report.rows] == ["error", "error", "create"]


def test_a_formula_in_a_column_the_import_does_not_read_is_ignored(council, manager):
    data = workbook([*GOOD_RESTRICTION, "=1+1"], header=[*HEADER, "working"])
    report = register_import(actor=manager, council=council, source=io.BytesIO(data), filename="r.xlsx")
    assert report.ok, report.errors


def test_dates_in_a_workbook_stay_dates():
    row = list(GOOD_MARKER)
    row[HEADER.index("date_of_birth")] = date(1980, 5, 2)
    [read] = read_sheet(io.BytesIO(workbook(row)), "r.xlsx")
    assert read["date_of_birth"] == date(1980, 5, 2) and read["_row"] == 2


def test_rows_are_read_one_at_a_time():
    rows = iter_sheet(io.BytesIO(people_sheet(3)), "r.csv")
    assert next(rows)["_row"] == 2 and next(rows)["_row"] == 3


def test_a_windows_1252_character_deep_in_a_large_file_is_read_as_windows_1252():
    body = people_sheet(12_000)  # > 2 MiB: the encoding is decided over every chunk, not the first
    assert len(body) > 2 * 1024 * 1024
    data = body + ",".join(["Zoë", "Brontë", *GOOD_RESTRICTION[2:]]).encode("cp1252") + b"\r\n\x1a\x1a"
    last = read_sheet(io.BytesIO(data), "r.csv")[-1]
    assert (last["first_name"], last["last_name"]) == ("Zoë", "Brontë")


def test_a_file_that_cannot_seek_is_read_too():
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, buffer):
            return self._data.readinto(buffer)

    assert len(read_sheet(io.BufferedReader(Pipe(sheet(GOOD_MARKER, GOOD_RESTRICTION).getvalue())), "r.csv")) == 2
