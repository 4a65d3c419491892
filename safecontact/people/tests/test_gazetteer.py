import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from safecontact.audit.models import AuditEvent
from safecontact.core.csv_text import NotCsvTextError
from safecontact.people.gazetteer import gazetteer_import, parse_gazetteer
from safecontact.people.models import Address

GOOD = (
    "UPRN,Address Line 1,Address Line 2,Town,Postcode\n"
    "100120001234,12 Mill Lane,,Cheltenham,gl501pq\n"
    "100120001235,Flat 2,14 Mill Lane,Cheltenham, GL50 1PQ \n"
    "10023336956,3 Heol y Frenhines,Cathays,Caerdydd,CF10 1AA\n"
)


def test_parse_normalises_postcodes_and_accepts_addressbase_header_names():
    rows, errors = parse_gazetteer(io.StringIO(GOOD))
    assert errors == []
    assert [(r.uprn, r.line1, r.line2, r.postcode) for r in rows][:2] == [
        ("100120001234", "12 Mill Lane", "", "GL50 1PQ"), ("100120001235", "Flat 2", "14 Mill Lane", "GL50 1PQ")]


def test_parse_reports_every_bad_row_by_number():
    text = GOOD + "abc,1 High Street,,Town,GL50 1PQ\n100120001234,Dup,,Town,GL50 1PQ\n100120009999,,,Town,XX\n"
    rows, errors = parse_gazetteer(io.StringIO(text))
    assert errors == [
        "row 5: uprn 'abc' is not a UPRN (1 to 12 digits)",
        "row 6: uprn 100120001234 is also on row 2",
        "row 7: postcode 'XX' is not a UK postcode",
        "row 7: line1 is missing",
    ]


def test_parse_names_missing_columns():
    assert parse_gazetteer(io.StringIO("id,street\n1,x\n"))[1] == [
        "The first row must name the columns; missing: uprn, line1, postcode (see the accepted names)."]


def test_import_creates_then_upserts_by_uprn(council):
    report = gazetteer_import(actor=None, council=council, path_or_file=io.BytesIO(GOOD.encode()))
    assert report.imported and (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert Address.objects.filter(from_gazetteer=True).count() == 3
    typed = Address.objects.create(council=council, line1="99 Somewhere", postcode="GL50 1PQ", uprn="100120005555")
    changed = GOOD.replace("12 Mill Lane", "12A Mill Lane") + "100120005555,99 Somewhere Road,,Cheltenham,GL50 1PQ\n"
    report = gazetteer_import(actor=None, council=council, path_or_file=io.BytesIO(changed.encode()))
    assert (report.created, report.updated, report.unchanged) == (0, 2, 2)
    assert Address.objects.get(uprn="100120001234").line1 == "12A Mill Lane"
    typed.refresh_from_db()
    assert typed.from_gazetteer and typed.line1 == "99 Somewhere Road"
    event = AuditEvent.objects.filter(event_type="gazetteer.imported").latest("seq")
    assert event.data == {"rows": 4, "created": 0, "updated": 2, "unchanged": 2}


def test_one_bad_row_changes_nothing(council):
    before = (Address.objects.count(), AuditEvent.objects.count())
    report = gazetteer_import(actor=None, council=council, path_or_file=io.BytesIO((GOOD + "100120007777,1 High St,,Town,XX\n").encode()))
    assert not report.imported and report.errors == ["row 5: postcode 'XX' is not a UK postcode"]
    assert (Address.objects.count(), AuditEvent.objects.count()) == before


def test_command_loads_a_file_and_refuses_a_bad_one(council, tmp_path: Path):
    good = tmp_path / "llpg.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_gazetteer", str(good), "--council", council.slug, stdout=out)
    assert "3 addresses: 3 new, 0 updated, 0 unchanged." in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + "1,x,,y,XX\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_gazetteer", str(bad), "--council", council.slug, stderr=err)
    assert "row 5: postcode 'XX' is not a UK postcode" in err.getvalue()


def test_a_binary_file_named_csv_is_refused_and_changes_nothing(council):
    before = (Address.objects.count(), AuditEvent.objects.count())
    workbook = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512
    with pytest.raises(NotCsvTextError, match="The file is not a CSV text file: save it as CSV UTF-8 and try again"):
        gazetteer_import(actor=None, council=council, path_or_file=io.BytesIO(workbook))
    with pytest.raises(NotCsvTextError):
        parse_gazetteer(io.BytesIO(GOOD.encode() + bytes(range(256)) * 20))
    assert (Address.objects.count(), AuditEvent.objects.count()) == before


def test_command_refuses_a_binary_file_in_one_line_with_a_non_zero_exit(council, tmp_path: Path):
    path = tmp_path / "llpg.csv"
    path.write_bytes(b"UPRN,Address Line 1,Postcode\n" + bytes((i * 91 + 7) % 256 for i in range(20_000)))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_gazetteer", str(path), "--council", council.slug, stderr=err)
    assert str(raised.value) == "Nothing was imported: The file is not a CSV text file: save it as CSV UTF-8 and try again."
    assert err.getvalue() == "" and not Address.objects.exists()
