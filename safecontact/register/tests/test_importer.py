import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.people.models import Address, Person, PersonSearchKey
from safecontact.register.models import REVIEW_HARD_MAX_DAYS, Measure
from safecontact.register.services_import import measure_approve_imported, register_import
from safecontact.register.tests import builders as b

HEADER = ["first_name", "last_name", "aliases", "date_of_birth", "address", "postcode", "uprn", "kind", "risk_impact",
          "risk_likelihood", "precautions", "restriction", "reason", "incident_date", "incident_summary", "date_added", "review_due"]
IN_SIX_MONTHS = (date.today() + timedelta(days=180)).strftime("%d/%m/%Y")

GOOD_MARKER = ["Gwenllian", "Ní Dhónaill", "Gwen Donnell; Gwen O'Donnell", "02/05/1980", "3 Heol y Frenhines", "cf10 1aa", "100023336956",
               "marker", "4", "3", "Visit in pairs; No lone visits", "", "Threatened staff with a knife at the door.", "12/01/2024",
               "Threatened a housing officer with a knife.", "15/01/2024", IN_SIX_MONTHS]
GOOD_RESTRICTION = ["Seán", "O'Brien", "", "", "", "", "", "restriction", "", "", "", "written_only; Appointments only",
                    "Abusive calls to the contact centre, 40 a day.", "2024-03-01", "", "", ""]
EXACT_EXISTING = ["William", "Harrington", "", "14/03/1971", "12 Mill Lane", "GL50 1PQ", "", "restriction", "", "", "", "spoc",
                  "Repeated abusive emails.", "01/02/2024", "", "", ""]
DUPLICATE = ["Bill", "Harington", "", "14/03/1971", "", "", "", "marker", "3", "3", "Visit in pairs", "", "Aggressive dog loose.",
             "01/02/2024", "", "", ""]
BAD_POSTCODE = ["Ann", "Jones", "", "01/01/1970", "", "XX", "", "marker", "4", "3", "Visit in pairs", "", "Shouted.", "01/02/2024", "", "", ""]
BAD_MANY = ["", "", "", "31/02/1970", "", "", "", "warning", "", "", "", "", "", "", "", "", ""]
FAR_REVIEW = ["Tom", "Evans", "", "01/01/1960", "", "", "", "marker", "2", "2", "Keep a clear exit", "", "Threats.", "01/02/2024", "", "",
              (date.today() + timedelta(days=500)).strftime("%d/%m/%Y")]
UNKNOWN_PRECAUTION = ["Ann", "Smith", "", "", "", "", "", "marker", "2", "2", "Bring a dog", "", "Threats.", "01/02/2024", "", "", ""]


def sheet(*rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return io.BytesIO(out.getvalue().encode())


def counts():
    return {m.__name__: m.objects.count() for m in (Person, Measure, Incident, AuditEvent, Address)}


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.REGISTER_MANAGER)


@pytest.fixture
def existing(council):
    return b.person(council, at=b.address(council))


def test_dry_run_reports_every_row_by_number_and_changes_nothing(council, manager, existing):
    before = counts()
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER, EXACT_EXISTING, DUPLICATE, BAD_POSTCODE,
                                                                          BAD_MANY, FAR_REVIEW, UNKNOWN_PRECAUTION), filename="r.csv")
    assert counts() == before
    assert [(r.number, r.action) for r in report.rows] == [
        (2, "create"), (3, "link"), (4, "possible_duplicate"), (5, "error"), (6, "error"), (7, "error"), (8, "error")]
    assert report.rows[1].person == existing
    assert "William Harrington" in report.rows[2].detail
    assert "row 5: postcode 'XX' is not a UK postcode" in report.errors
    assert "row 7: review_due is more than 12 months away" in report.errors
    assert "row 8: precaution 'Bring a dog' is not on the council's list" in report.errors
    row6 = [e for e in report.errors if e.startswith("row 6:")]
    assert {"row 6: last_name is missing", "row 6: kind 'warning' must be marker or restriction", "row 6: reason is missing",
            "row 6: incident_date is missing"} <= set(row6)
    assert any("date_of_birth '31/02/1970' is not a date" in e for e in row6)
    assert not report.imported


def test_real_run_with_one_bad_row_changes_nothing(council, manager, existing):
    before = counts()
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER, GOOD_RESTRICTION, BAD_POSTCODE), dry_run=False)
    assert not report.imported and report.errors == ["row 4: postcode 'XX' is not a UK postcode"]
    assert counts() == before


def test_real_run_creates_people_incidents_and_measures_awaiting_approval(council, manager, existing):
    before = counts()
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER, GOOD_RESTRICTION, EXACT_EXISTING, DUPLICATE),
                             dry_run=False)
    assert report.imported and report.ok and report.measures_created == 4
    after = counts()
    assert after["Person"] == before["Person"] + 3  # the exact match reuses the existing record
    assert after["Measure"] == before["Measure"] + 4 and after["Incident"] == before["Incident"] + 4
    gwen = Person.objects.get(family_name="Ní Dhónaill")
    assert sorted(str(a) for a in gwen.aliases.all()) == ["Gwen Donnell", "Gwen O'Donnell"]
    assert gwen.addresses.get().address.postcode == "CF10 1AA" and gwen.addresses.get().address.uprn == "100023336956"
    assert PersonSearchKey.objects.filter(person=gwen, key="pc:CF101AA").exists()
    marker = Measure.objects.get(person=gwen)
    assert marker.status == Measure.Status.AWAITING_APPROVAL and marker.kind == Measure.Kind.SAFETY_MARKER
    assert {p.label for p in marker.precautions.all()} == {"Visit in pairs", "No lone visits"}
    assert marker.proposed_by == manager and (marker.risk_impact, marker.risk_likelihood) == (4, 3)
    incident = marker.originating_incident
    assert incident.status == "decided" and incident.reporter == manager and incident.reference.startswith("IMP-")
    assert incident.identity_confirmation == "known_account" and incident.source_organisation == "Imported register"
    assert incident.occurred_at.date() == date(2024, 1, 12) and incident.account == "Threatened a housing officer with a knife."
    restriction = Measure.objects.get(person__family_name="O'Brien")
    assert {t.code for t in restriction.restriction_types.all()} == {"written_only", "appointments_only"}
    assert Measure.objects.filter(person=existing).count() == 1
    event = AuditEvent.objects.get(event_type="register.imported")
    assert event.data == {"rows": 4, "measures": 4, "new_people": 3, "linked": 1, "signed_off": False}


def test_address_is_reused_by_uprn(council, manager):
    Address.objects.create(council=council, line1="3 Queen Street", postcode="CF10 1AA", uprn="100023336956", from_gazetteer=True)
    register_import(actor=manager, council=council, source=sheet(GOOD_MARKER), dry_run=False)
    assert Address.objects.filter(uprn="100023336956").count() == 1
    assert Person.objects.get(family_name="Ní Dhónaill").addresses.get().address.from_gazetteer


def test_sign_off_by_a_decision_maker_makes_entries_live(council, manager, user_with_role):
    approver = user_with_role(Role.DECISION_MAKER)
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER, GOOD_RESTRICTION), dry_run=False, approved_by=approver)
    assert report.imported
    marker = Measure.objects.get(kind="safety_marker")
    assert marker.status == "active" and marker.approved_by == approver
    assert marker.review_due == date.today() + timedelta(days=180)


def test_sign_off_by_a_register_manager_uses_the_import_service(council, manager, user_with_role):
    signer = user_with_role(Role.REGISTER_MANAGER)
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER), dry_run=False, approved_by=signer)
    assert report.imported
    marker = Measure.objects.get()
    assert marker.status == "active" and marker.approved_by == signer and marker.approved_on == timezone.localdate()
    assert AuditEvent.objects.filter(event_type="measure.approved", data__imported=True).count() == 1


def test_importer_cannot_sign_off_their_own_import(council, manager):
    before = counts()
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER), dry_run=False, approved_by=manager)
    assert not report.imported and "someone other than" in report.errors[0]
    assert counts() == before


def test_approve_imported_caps_review_at_hard_maximum_and_needs_import_right(council, manager, user_with_role):
    officer = user_with_role(Role.REGISTER_OFFICER)
    subject = b.person(council)
    measure = b.propose(actor=officer, council=council, originating_incident=b.incident(council, officer, subject),
                                       person=subject, reasons="Threats", marker=b.marker_details())
    with pytest.raises(PermissionDenied):
        measure_approve_imported(actor=officer, measure=measure, review_due=None)
    measure = measure_approve_imported(actor=manager, measure=measure, review_due=date.today() + timedelta(days=900))
    assert measure.status == "active"
    assert measure.review_due is not None and (measure.review_due - date.today()).days <= REVIEW_HARD_MAX_DAYS
    with pytest.raises(ApplicationError):
        measure_approve_imported(actor=manager, measure=measure, review_due=None)


def test_two_markers_for_one_person_in_the_file_are_a_row_error(council, manager):
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER, GOOD_MARKER))
    assert report.errors == ["row 3: a second safety marker for the same person as row 2: combine them"]


def test_missing_columns_and_empty_files_are_reported(council, manager):
    report = register_import(actor=manager, council=council, source=io.BytesIO(b"name,notes\nx,y\n"))
    assert report.errors == ["The first row must name the columns; missing: last_name, kind, reason, incident_date."]
    assert register_import(actor=manager, council=council, source=sheet()).errors == ["The file has no rows under its header."]


def test_reads_an_excel_workbook_with_real_dates(council, manager, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append([h.replace("_", " ").title() for h in HEADER])
    row = list(GOOD_MARKER)
    row[3], row[13], row[16] = date(1980, 5, 2), date(2024, 1, 12), date.today() + timedelta(days=30)
    row[8], row[9] = 4, 3
    ws.append(row)
    path = tmp_path / "register.xlsx"
    book.save(path)
    report = register_import(actor=manager, council=council, source=path, dry_run=False)
    assert report.imported, report.errors
    assert Person.objects.get(family_name="Ní Dhónaill").date_of_birth == date(1980, 5, 2)


def test_only_register_managers_may_import(council, user_with_role):
    with pytest.raises(PermissionDenied):
        register_import(actor=user_with_role(Role.REGISTER_OFFICER), council=council, source=sheet(GOOD_MARKER))


def test_command_dry_run_then_import(council, manager, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(sheet(GOOD_MARKER, BAD_POSTCODE).getvalue())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_register", str(path), council=council.slug, dry_run=True, stdout=out)
    assert "ERROR row 3: postcode 'XX' is not a UK postcode" in out.getvalue()
    path.write_bytes(sheet(GOOD_MARKER).getvalue())
    call_command("import_register", str(path), council=council.slug, stdout=out)
    assert "Imported 1 entries." in out.getvalue()
    assert Measure.objects.get().proposed_by == manager


# A photo, a PDF, an old .xls (OLE, full of NULs) or plain noise, each named .csv.
BINARY_CSVS = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 20 /Filter /FlateDecode >>\nstream\nx\x9c\x03\x00\x00\x00\x00\x01",
    "xls": bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 512,
    "noise": bytes((i * 37 + 11) % 256 for i in range(5000)),
    "with_header": (",".join(HEADER) + "\n").encode() + bytes((i * 91 + 7) % 256 for i in range(5000)),
}


@pytest.mark.parametrize("content", BINARY_CSVS.values(), ids=BINARY_CSVS.keys())
def test_a_binary_file_named_csv_is_refused_with_one_message_and_changes_nothing(council, manager, content):
    before = counts()
    report = register_import(actor=manager, council=council, source=io.BytesIO(content), filename="register.csv", dry_run=False)
    assert report.errors == ["The file is not a CSV text file: save it as CSV UTF-8 and try again"]
    assert not report.imported and counts() == before


def test_command_refuses_a_binary_file_named_csv_in_one_line(council, manager, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(BINARY_CSVS["with_header"])
    out = io.StringIO()
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_register", str(path), council=council.slug, stdout=out)
    assert str(raised.value) == "Nothing was imported: The file is not a CSV text file: save it as CSV UTF-8 and try again"
    assert out.getvalue() == "" and counts() == before


def test_a_windows_1252_csv_with_mac_line_endings_still_reads(council, manager):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r").writerows([HEADER, GOOD_RESTRICTION])
    report = register_import(actor=manager, council=council, source=io.BytesIO(out.getvalue().encode("cp1252")), filename="r.csv")
    assert report.ok, report.errors
    assert [r.name for r in report.rows] == ["Seán O'Brien"]


@pytest.mark.parametrize("dob, message", [("31/12/9999", "date_of_birth must be today or in the past"),
                                          ("9999-12-31", "date_of_birth must be today or in the past"),
                                          ("31/12/1899", "date_of_birth must be on or after 1 January 1900")])
def test_an_impossible_date_of_birth_is_a_row_error_naming_the_column(council, manager, dob, message):
    row = list(GOOD_MARKER)
    row[3] = dob
    before = counts()
    report = register_import(actor=manager, council=council, source=sheet(row), dry_run=False)
    assert report.errors == [f"row 2: {message}"] and not report.imported and counts() == before


def _people_with_two_live_entries(council):
    from django.db.models import Count, Q

    from safecontact.register.models import LIVE_STATUSES

    return (Person.objects.filter(council=council).annotate(live=Count("measures", filter=Q(measures__status__in=LIVE_STATUSES)))
            .filter(live__gt=1).count())


@pytest.mark.parametrize("signer", [None, Role.DECISION_MAKER])
def test_importing_the_same_file_again_finds_the_first_import_and_writes_nothing(council, manager, user_with_role, signer):
    """Issue 12: the second import of a file (after the first, or waiting for it: test_import_race.py) matches the
    first one's people and refuses every row, rather than making 400 more people or a second live entry each."""
    from safecontact.register.tests.import_sheets import people_sheet

    approver = user_with_role(signer) if signer else None
    data = people_sheet(400)
    first = register_import(actor=manager, council=council, source=io.BytesIO(data), dry_run=False, approved_by=approver)
    assert first.imported and first.measures_created == 400, first.errors[:3]
    before = counts()
    second = register_import(actor=manager, council=council, source=io.BytesIO(data), dry_run=False, approved_by=approver)
    assert not second.imported and second.measures_created == 0 and counts() == before
    assert second.counts["error"] == 400
    assert all(r.errors[0].startswith("this entry is already on the register (PSR-") for r in second.rows)
    assert Person.objects.filter(council=council).count() == 400 and _people_with_two_live_entries(council) == 0


def test_an_ended_imported_entry_may_be_imported_again(council, manager, user_with_role):
    from safecontact.register import services

    register_import(actor=manager, council=council, source=sheet(GOOD_MARKER), dry_run=False, approved_by=user_with_role(Role.DECISION_MAKER))
    services.measure_end(actor=user_with_role(Role.DECISION_MAKER), measure=Measure.objects.get(), reason="Reviewed: no longer needed")
    report = register_import(actor=manager, council=council, source=sheet(GOOD_MARKER), dry_run=True)
    assert report.ok and [r.action for r in report.rows] == ["link"], report.errors
