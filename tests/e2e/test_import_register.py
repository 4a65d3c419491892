"""A register manager imports the council's old spreadsheet: upload, the check's progress page (no JavaScript
needed: a Refresh link), the report, confirm, the imported page. axe on every page."""

import csv
import io

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.register.models import ImportJob, Measure
from safecontact.register.tests.test_importer import GOOD_MARKER, GOOD_RESTRICTION, HEADER


def test_register_manager_imports_a_spreadsheet_through_the_background_check(live_server, page, user_with_role, sign_in_as, axe,
                                                                             tmp_path):
    manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rhian Price")
    sign_in_as(manager)
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, GOOD_MARKER, GOOD_RESTRICTION])
    path = tmp_path / "old-register.csv"
    path.write_text(out.getvalue(), encoding="utf-8")

    # A check the worker has not started yet: the progress page (the test settings run tasks at once, so it is made here).
    waiting = ImportJob.objects.create(council=manager.organisation, created_by=manager, filename="earlier.csv", status="queued")
    page.goto(f"{live_server.url}/register/import/{waiting.pk}/")
    expect(page.get_by_role("heading", name="Checking earlier.csv")).to_be_visible()
    expect(page.get_by_role("button", name="Refresh")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Cancel the check").click()
    expect(page.get_by_text("was cancelled and the uploaded file deleted")).to_be_visible()
    axe(page)

    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Check the import")).to_be_visible()
    expect(page.get_by_text("2 new, 0 existing")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Confirm import of 2 rows").click()
    expect(page.get_by_role("heading", name="Register imported")).to_be_visible()
    axe(page)
    assert Measure.objects.filter(council=manager.organisation).count() == 2
