"""A register manager opens Reviews and governance › Register figures: charts drawn on the server with their tables
beside them, then the quarterly report with its charts, and downloads the FOI-safe figures. axe on every page."""

from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.register.tests import builders


def test_register_manager_reads_the_figures_and_downloads_the_foi_export(live_server, page, council, user_with_role,
                                                                          sign_in_as, axe):
    manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rachel Green")
    for day, given in ((1, "Ada"), (2, "Ben"), (3, "Cara")):
        builders.live_marker(council, user_with_role, subject=builders.person(council, given=given, family="Okafor",
                                                                             dob=date(1980, 1, day)))
    sign_in_as(manager)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Reviews and governance").first.click()
    page.get_by_role("link", name="Register figures").first.click()
    expect(page.get_by_role("heading", name="Live entries by kind")).to_be_visible()
    expect(page.get_by_role("img", name="Live entries by kind (bar chart)")).to_be_visible()
    expect(page.get_by_role("table", name="Live entries by kind: the figures")).to_contain_text("Safety marker")
    axe(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="spreadsheet of the freedom of information figures (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Live entries by kind,Safety marker,fewer than 5" in text

    page.get_by_role("link", name="Quarterly governance report").click()
    expect(page.get_by_role("img", name="Live entries by risk band (bar chart)")).to_be_visible()
    axe(page)
