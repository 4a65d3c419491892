"""Issue 13: a second factor for everyone. A member of staff registers a security key (Chromium's virtual
authenticator, driven over the DevTools protocol) and signs in with it; another signs in with a recovery code
instead of the authenticator app's code. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from safecontact.access.policy import Role
from tests.e2e.test_council_setup import _set_up_totp, _sign_in

PASSWORD = "correct-horse-battery"


def _virtual_authenticator(page) -> tuple[object, str]:
    """A platform authenticator that holds resident keys and verifies its user (as a phone or laptop would)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True, "hasUserVerification": True,
        "isUserVerified": True, "automaticPresenceSimulation": True,
    }})
    return cdp, added["authenticatorId"]


def _sign_out(page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name=re.compile("sign out", re.I)).click()
    expect(page.get_by_role("heading", name=re.compile("^Sign in"))).to_be_visible()


@pytest.fixture
def staff_without_mfa(user_with_role):
    return user_with_role(Role.STAFF, email="sam.patel@testshire.gov.uk", mfa=False)


def test_a_member_of_staff_signs_in_with_a_security_key(live_server, page, staff_without_mfa, axe):
    cdp, authenticator_id = _virtual_authenticator(page)
    page.goto(live_server.url + "/accounts/login/")
    _sign_in(page, "sam.patel@testshire.gov.uk", PASSWORD)
    # Sent to set up MFA; allauth asks for the password again first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button").filter(has_text="Confirm").click()
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    page.get_by_role("link", name="Use a security key or passkey instead").click()
    expect(page.get_by_role("heading", name="Add a security key or passkey")).to_be_visible()
    axe(page)
    page.get_by_label("Name for this key").fill("Blue key")
    page.get_by_role("button", name="Add security key").click()
    # allauth offers recovery codes with the first authenticator.
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery_codes li")).to_have_count(10)
    axe(page)
    assert len(cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]) == 1

    page.goto(live_server.url + "/accounts/2fa/")
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Manage security keys").click()
    expect(page.get_by_role("cell", name="Blue key", exact=True)).to_be_visible()
    axe(page)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()

    _sign_out(page)
    _sign_in(page, "sam.patel@testshire.gov.uk", PASSWORD)
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
    axe(page)

    # Removing the only key sends them back to set up a second factor.
    page.goto(live_server.url + "/accounts/2fa/webauthn/")
    page.get_by_role("link", name="Remove Blue key").click()
    expect(page).to_have_url(re.compile(r"/reauthenticate/"))  # allauth asks again first: the key will do
    axe(page)
    page.get_by_role("button", name="Use a security key").click()
    expect(page).to_have_url(re.compile(r"/webauthn/reauthenticate/"))
    axe(page)
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", name="Remove Blue key?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Remove key").click()
    expect(page.get_by_text("You have not added a security key or passkey.")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/"))


def test_a_recovery_code_stands_in_for_the_authenticator_app(live_server, page, staff_without_mfa, axe):
    page.goto(live_server.url + "/accounts/login/")
    _sign_in(page, "sam.patel@testshire.gov.uk", PASSWORD)
    codes = _set_up_totp(page, axe, PASSWORD)
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", c) for c in codes)
    page.get_by_role("link", name="Continue to the home page").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()

    _sign_out(page)
    _sign_in(page, "sam.patel@testshire.gov.uk", PASSWORD)
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    page.get_by_label("Code").fill("00000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()

    # The code is spent: the recovery codes page says so, and the same code no longer works.
    page.goto(live_server.url + "/accounts/2fa/recovery-codes/")
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))  # codes are shown only after the password again
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button").filter(has_text="Confirm").click()
    expect(page.get_by_text("9 of 10 codes unused.")).to_be_visible()
    expect(page.locator("#recovery_codes li")).to_have_count(9)
    axe(page)
    page.get_by_role("link", name="Create new codes").click()
    expect(page.get_by_role("heading", name="Create new recovery codes")).to_be_visible()
    expect(page.get_by_text("Your 9 unused codes will stop working.")).to_be_visible()
    axe(page)
    _sign_out(page)
    _sign_in(page, "sam.patel@testshire.gov.uk", PASSWORD)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
