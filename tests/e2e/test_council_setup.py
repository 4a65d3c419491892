"""Issue 13, done when: from an empty installation, `create_council` → the emailed link → password → MFA → the new
register manager invites a member of staff, who sets a password, signs in and runs a check. axe on every page."""

import re
import time
from io import StringIO

from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from safecontact.access.policy import Role
from tests.e2e.journeys import go_to

RM_PASSWORD = "north demo register manager 2027"
STAFF_PASSWORD = "north demo housing officer 2027"


def _link_in_latest_email_to(address: str) -> str:
    message = [m for m in mail.outbox if address in m.to][-1]
    return re.search(r"https?://\S+/access/join/\S+/", message.body).group(0)  # type: ignore[union-attr]


def _totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _sign_in(page, email: str, password: str) -> None:
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _set_up_totp(page, axe, password: str) -> list[str]:
    """Sent to set up MFA straight after signing in (allauth first asks for the password again); returns the
    recovery codes shown once the authenticator app is active."""
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    axe(page)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button").filter(has_text="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    axe(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(_totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    axe(page)
    return page.locator("#recovery_codes li").all_inner_texts()


def _accept(page, axe, link: str, name: str, password: str) -> None:
    page.goto(link)
    expect(page.get_by_role("heading", name="Set your password")).to_be_visible()
    axe(page)
    expect(page.get_by_label("Your full name")).to_have_value(name)
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Confirm the password").fill(password + "x")
    page.get_by_role("button", name="Set password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    axe(page)
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Confirm the password").fill(password)
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password is set.")).to_be_visible()
    axe(page)


def test_a_new_council_from_the_command_to_its_first_check(live_server, page, settings, axe):
    settings.SITE_URL = live_server.url
    call_command("create_council", "North Demo Council", "--slug", "north-demo", "--admin-email", "rachel.green@north-demo.gov.uk",
                 stdout=StringIO())
    link = _link_in_latest_email_to("rachel.green@north-demo.gov.uk")

    # The register manager: password, sign in, two-factor authentication (their role needs it).
    _accept(page, axe, link, "Rachel Green", RM_PASSWORD)
    _sign_in(page, "rachel.green@north-demo.gov.uk", RM_PASSWORD)
    _set_up_totp(page, axe, RM_PASSWORD)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    axe(page)

    # …who adds a team and invites a member of staff with the staff member role.
    go_to(page, "Administration", "Staff")
    expect(page.get_by_role("heading", name="Staff", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Teams and service areas").click()
    page.get_by_label("Name of the team or service area").fill("Housing")
    page.get_by_role("button", name="Add team").click()
    expect(page.get_by_text("Housing added.")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Back to staff").click()
    page.get_by_role("link", name="Invite someone").click()
    page.get_by_role("button", name="Send invitation").click()  # nothing filled in
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Full name").fill("Sam Patel")
    page.get_by_label("Work email address").fill("sam.patel@north-demo.gov.uk")
    page.get_by_label("Job title (optional)").fill("Housing Officer")
    page.get_by_label("Team or service area (optional)").select_option(label="Housing")
    page.get_by_label("Line manager (optional)").select_option(label="Rachel Green")
    page.get_by_label("Give them the staff member role when they accept").check()
    page.get_by_label("Business need (if giving the role)").fill("Visits tenants at home alone")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to sam.patel@north-demo.gov.uk")).to_be_visible()
    expect(page.get_by_role("cell", name="sam.patel@north-demo.gov.uk", exact=True)).to_be_visible()
    axe(page)

    # The member of staff: password, sign in, MFA like everyone (checks show personal data), then a check.
    page.context.clear_cookies()
    _accept(page, axe, _link_in_latest_email_to("sam.patel@north-demo.gov.uk"), "Sam Patel", STAFF_PASSWORD)
    _sign_in(page, "sam.patel@north-demo.gov.uk", STAFF_PASSWORD)
    _set_up_totp(page, axe, STAFF_PASSWORD)
    page.get_by_role("link", name="Continue to the home page").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    axe(page)
    go_to(page, "Check", "Check before contact")
    axe(page)
    page.get_by_label("Full name").fill("Zara Quill")
    page.get_by_label("Postcode (optional)").fill("NN1 1AA")
    page.get_by_label("Home visit").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="No live entry found")).to_be_visible()
    axe(page)

    # The link works once.
    page.context.clear_cookies()
    page.goto(_link_in_latest_email_to("sam.patel@north-demo.gov.uk"))
    expect(page.get_by_role("heading", name="This link does not work")).to_be_visible()
    axe(page)


def test_a_system_administrator_sets_up_a_council_on_the_pages(live_server, page, council, user_with_role, sign_in_as, axe):
    sign_in_as(user_with_role(Role.SYSADMIN))
    page.goto(live_server.url + "/")
    go_to(page, "Administration", "Councils")
    expect(page.get_by_role("heading", name="Councils")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Set up a council").click()
    page.get_by_role("button", name="Set up the council").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Council's name").fill("South Demo Council")
    page.get_by_label("First register manager's full name").fill("Tom Baker")
    page.get_by_label("First register manager's work email address").fill("tom.baker@south-demo.gov.uk")
    page.get_by_role("button", name="Set up the council").click()
    expect(page.get_by_text("South Demo Council is set up.")).to_be_visible()
    expect(page.get_by_role("cell", name="south-demo-council")).to_be_visible()
    axe(page)
