"""Issue 13 (item 4): "Sign in with the council's identity provider". A real OpenID Connect provider
(tests/oidc_provider/) runs on the loopback; the browser clicks "Sign in with …" on Safe Contact's sign-in page, signs
in at the provider, consents, and lands on Safe Contact as the invited person. Someone not invited, and someone of a
domain the council does not use, each see a clear refusal. axe on every Safe Contact page."""

import re

import pytest
from playwright.sync_api import expect

from safecontact.accounts import invitations
from safecontact.accounts.models import Invitation, Organisation, User
from safecontact.accounts.sign_in_providers import provider_configure
from tests.oidc_provider.fixtures import PASSWORD, SECRET_ENV_VAR, SLUG, start_provider

BUTTON = "Sign in with North Demo work account"


@pytest.fixture(scope="module")
def browser_provider(live_server):
    """The provider knows Safe Contact's live server as its client, and asks each person to consent."""
    provider = start_provider(redirect_uris=[f"{live_server.url}/accounts/oidc/{SLUG}/login/callback/"], skip_authorization=False)
    yield provider
    provider.stop()


@pytest.fixture
def north(browser_provider, monkeypatch) -> Organisation:
    monkeypatch.setenv(SECRET_ENV_VAR, browser_provider.client_secret)
    # The invited register manager's provider says they used a second factor, so Safe Contact asks for none.
    browser_provider.configure(amr={"invited": ["pwd", "mfa"]})
    invitations.council_create(actor=None, acting_for=None, name="North Demo Council", slug="north-demo",
                               admin_email=browser_provider.email("invited"), admin_name="Ivy Invited")
    council = Organisation.objects.get(slug="north-demo")
    provider_configure(actor=None, council=council, slug=SLUG, name="North Demo work account", issuer=browser_provider.issuer,
                       client_id=browser_provider.client_id, secret_env_var=SECRET_ENV_VAR, allowed_domains=["north-demo.gov.uk"])
    return council


def _sign_in_at_provider(page, live_server, axe, username: str) -> None:
    page.context.clear_cookies()  # signed out of Safe Contact and of the provider
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", name="Sign in to Safe Contact")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=BUTTON).click()
    expect(page.get_by_role("heading", name="Test council identity provider")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in to the provider").click()
    page.get_by_role("button", name="Authorize").click()  # the provider's consent page


def test_invited_person_signs_in_with_the_council_provider_and_others_are_refused(page, live_server, axe, north, browser_provider):
    _sign_in_at_provider(page, live_server, axe, "invited")
    expect(page).to_have_url(re.compile(re.escape(live_server.url) + r"/$"))
    expect(page.get_by_text("Signed in as Ivy Invited (register manager)")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    axe(page)
    user = User.objects.get(email=browser_provider.email("invited"))
    assert Invitation.objects.get(user=user).status == Invitation.Status.ACCEPTED

    _sign_in_at_provider(page, live_server, axe, "stranger")
    expect(page.get_by_role("heading", name="You cannot sign in with North Demo work account")).to_be_visible()
    expect(page.get_by_text("There is no Safe Contact account for your work email address at North Demo Council.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    axe(page)

    _sign_in_at_provider(page, live_server, axe, "outsider")
    expect(page.get_by_role("heading", name="You cannot sign in with North Demo work account")).to_be_visible()
    expect(page.get_by_text("You signed in with an email address that North Demo Council does not use")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Go back to the sign-in page").click()
    expect(page.get_by_role("button", name=BUTTON)).to_be_visible()
