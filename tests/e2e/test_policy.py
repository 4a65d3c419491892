"""The register manager drafts the policy, approves it under delegated authority, and the public
page shows the version in force. axe on every page, the public one included."""

from playwright.sync_api import expect

from safecontact.access.policy import Role
from tests.e2e.journeys import fill_date


def test_draft_approve_and_publish_the_policy(live_server, page, council, user_with_role, sign_in_as, axe):
    manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rachel Green")
    sign_in_as(manager)
    page.goto(f"{live_server.url}/policy/versions/")
    expect(page.get_by_text("No version is in force yet")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Draft a new version").click()
    page.get_by_label("Policy text").fill("# Our policy\n\nWe expect courtesy.\n\n- Threats are never acceptable")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the version number")
    expect(page.get_by_label("Policy text")).to_have_value("# Our policy\n\nWe expect courtesy.\n\n- Threats are never acceptable")
    axe(page)
    page.get_by_label("Version number").fill("1.0")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Draft version 1.0 saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Our policy", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label("Approved under what authority").fill("Delegated to the Customer Services Manager by Cabinet")
    fill_date(page, "In force from", "1/4/2026")
    page.get_by_role("button", name="Approve version 1.0").click()
    expect(page.get_by_text("Version 1.0 approved.")).to_be_visible()
    expect(page.get_by_text("1 April 2027")).to_be_visible()  # the annual review date
    axe(page)

    public = page.context.new_page()
    public.context.clear_cookies()
    public.goto(f"{live_server.url}/policy/{council.slug}/")
    expect(public.get_by_role("heading", name="Our policy", exact=True)).to_be_visible()
    expect(public.get_by_text("Threats are never acceptable")).to_be_visible()
    axe(public)
