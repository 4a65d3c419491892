"""Every role signs in and reaches its home page; the pages each role can open pass axe; the
service works with JavaScript switched off."""

import re

from playwright.sync_api import expect

from safecontact.access.checks import can
from safecontact.access.policy import Role
from safecontact.core.contributions import AREA_LABELS, navigation_entries
from safecontact.core.tests.fixtures import totp_code
from tests.e2e.journeys import go_to

PASSWORD = "correct-horse-battery"


def test_staff_member_signs_in_with_the_form_and_sees_their_home_page(live_server, page, user_with_role, axe):
    user_with_role(Role.STAFF, email="sam@testshire.gov.uk", full_name="Sam Patel")
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    axe(page)
    page.get_by_label("Email address").fill("sam@testshire.gov.uk")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    expect(page.get_by_label("Email address")).to_have_value("sam@testshire.gov.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Then the code from their authenticator app: staff members too need MFA.
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    axe(page)
    page.get_by_label("Code").fill(totp_code())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    expect(page.locator(".govuk-body-l")).to_contain_text("Signed in as Sam Patel")
    axe(page)


def test_every_role_reaches_its_home_page_and_its_pages_pass_axe(live_server, page, council, user_with_role, sign_in_as, axe):
    """Every page in the navigation, reached the way a user does: the task area, then its sub-navigation."""
    visited = set()
    for role in Role:
        user = user_with_role(role, full_name=f"{role.label} User")
        sign_in_as(user)
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
        axe(page)
        for entry in navigation_entries():
            if can(user, entry.action, council) and entry.url_name not in visited:
                go_to(page, AREA_LABELS[entry.area], entry.label)
                expect(page.locator("h1")).to_be_visible()
                axe(page)
                visited.add(entry.url_name)
    assert visited == {e.url_name for e in navigation_entries()}


def test_access_request_journey_manager_to_register_manager(live_server, page, council, user_with_role, sign_in_as, axe):
    from safecontact.core.tests.factories import UserFactory

    manager = user_with_role(Role.MANAGER, full_name="Morgan Hughes")
    register_manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rachel Green")
    UserFactory(organisation=council, line_manager=manager, full_name="Nia Roberts", job_title="Trainee")

    sign_in_as(manager)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="New starters awaiting your decision on register access").click()
    axe(page)
    page.get_by_role("link", name="Request access").click()
    page.get_by_role("button", name="Send request").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Member of staff").select_option(label="Nia Roberts")
    page.get_by_label("Role").select_option(label="Staff member")
    page.get_by_label("Business need").fill("Visits tenants at home alone")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Request sent to the register manager")).to_be_visible()
    axe(page)

    sign_in_as(register_manager)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Requests for access awaiting approval").click()
    axe(page)
    page.get_by_role("link", name="Nia Roberts").click()
    page.get_by_role("button", name="Approve access").click()
    expect(page.get_by_text("Access approved.")).to_be_visible()
    axe(page)


def test_sign_in_and_mfa_set_up_work_without_javascript(live_server, browser, user_with_role):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    user_with_role(Role.REGISTER_MANAGER, email="rm@testshire.gov.uk", mfa=False)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email address").fill("rm@testshire.gov.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # A privileged user without MFA is sent to set it up; allauth first asks for the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button").filter(has_text="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.locator("h1")).to_be_visible()
    context.close()


def test_register_manager_pages_work_without_javascript(live_server, browser, user_with_role):
    from django.conf import settings
    from django.test import Client

    user = user_with_role(Role.REGISTER_MANAGER)
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    page = context.new_page()
    for path in ["/", "/access/roles/", "/access/settings/", "/access/sharing-agreements/"]:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_be_visible()
    page.goto(live_server.url + "/access/settings/edit/")
    page.get_by_label("Review every (months, 1 to 12)").fill("13")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Register name")).to_have_value("Personal Safety Register")
    page.get_by_label("Review every (months, 1 to 12)").fill("3")
    page.get_by_label("Register name").fill("Staff Alert Register")
    # Required since a possible match must say whom to call, and when (issue 14, item 7).
    page.get_by_label("Customer Relations contact's name").fill("Rachel Green")
    page.get_by_label("Customer Relations phone number").fill("01632 960 123")
    page.get_by_label("Customer Relations opening hours").fill("Monday to Friday, 9am to 5pm")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Staff Alert Register")).to_have_count(0)
    context.close()


def test_not_found_and_forbidden_pages_pass_axe(live_server, page, user_with_role, sign_in_as, axe):
    sign_in_as(user_with_role(Role.STAFF))
    page.goto(live_server.url + "/access/roles/")
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    axe(page)
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe(page)
