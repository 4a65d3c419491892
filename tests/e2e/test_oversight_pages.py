"""Issue 17's oversight pages as their users reach them, axe on each: the DPO starts the quarterly access check and
reads usage by person and the equality figures; the line manager confirms a role; a register officer records equality
answers; a Governance Group member downloads the annual policy review report."""

from datetime import date

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.register.tests import builders


def test_dpo_manager_officer_and_governance_use_the_oversight_pages(live_server, page, council, user_with_role,
                                                                    sign_in_as, axe):
    dpo = user_with_role(Role.DPO, full_name="Dee Dpo")
    manager = user_with_role(Role.MANAGER, full_name="Mina Manager")
    user_with_role(Role.STAFF, full_name="Ann Abbott", line_manager=manager)
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Officer")
    governance = user_with_role(Role.GOVERNANCE_MEMBER, full_name="Gail Governor")
    builders.live_marker(council, user_with_role, subject=builders.person(council, given="Ada", family="Okafor",
                                                                         dob=date(1980, 1, 1)))

    sign_in_as(dpo)
    page.goto(f"{live_server.url}/access/access-check/")
    expect(page.get_by_role("heading", name="Quarterly access check")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Start this quarter's check now").click()
    expect(page.get_by_text("Mina Manager").first).to_be_visible()
    axe(page)
    page.goto(f"{live_server.url}/audit/usage/")
    expect(page.get_by_role("heading", name="Usage by person")).to_be_visible()
    axe(page)
    page.goto(f"{live_server.url}/equality/figures/")
    expect(page.get_by_role("heading", name="Entries and restrictions by group")).to_be_visible()
    axe(page)

    sign_in_as(manager)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Roles your staff hold to confirm").first.click()
    expect(page.get_by_role("heading", name="Confirm your staff's roles")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Still needed").first.click()
    axe(page)

    sign_in_as(officer)
    page.goto(f"{live_server.url}/equality/")
    expect(page.get_by_role("heading", name="Equality monitoring")).to_be_visible()
    axe(page)
    page.get_by_role("textbox").first.fill("Okafor")
    page.get_by_role("button", name="Find").click()
    page.get_by_role("link", name="Ada Okafor").first.click()
    expect(page.get_by_role("heading", name="Ada Okafor")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Save the answers").click()
    axe(page)

    sign_in_as(governance)
    page.goto(f"{live_server.url}/governance/annual-report/")
    expect(page.get_by_role("heading", name="Annual policy review report")).to_be_visible()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
