"""Signing in through a council's own identity provider (ADR 0017), against a real OpenID Connect provider
(django-oauth-toolkit, tests/oidc_provider/) on the loopback: the authorisation-code flow with PKCE and a nonce,
driven through Django's test client, with the token exchange over real HTTP. Nothing of allauth is mocked."""

import re
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from safecontact.access.checks import roles_of
from safecontact.access.middleware import IDP_MFA_SESSION_KEY
from safecontact.access.policy import Role
from safecontact.accounts import invitations
from safecontact.accounts.models import CouncilSignInProvider, Invitation, Organisation, User
from safecontact.accounts.sign_in_providers import mfa_asserted, provider_configure
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.core.tests.factories import UserFactory
from tests.oidc_provider.fixtures import PASSWORD, SECRET_ENV_VAR, SLUG, RunningProvider, oidc_provider  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(oidc_provider, monkeypatch) -> RunningProvider:  # noqa: F811 - the imported fixture
    oidc_provider.reset()
    monkeypatch.setenv(SECRET_ENV_VAR, oidc_provider.client_secret)
    yield oidc_provider
    oidc_provider.reset()


@pytest.fixture
def north(db, provider) -> Organisation:
    """North Demo Council, its first register manager invited (the provider's `invited` person), its provider set up."""
    invitations.council_create(actor=None, acting_for=None, name="North Demo Council", slug="north-demo",
                               admin_email=provider.email("invited"), admin_name="Ivy Invited")
    council = Organisation.objects.get(slug="north-demo")
    provider_configure(actor=None, council=council, slug=SLUG, name="North Demo work account", issuer=provider.issuer,
                       client_id=provider.client_id, secret_env_var=SECRET_ENV_VAR, allowed_domains=["north-demo.gov.uk"],
                       mfa_acr_values=["urn:north-demo:mfa"])
    return council


def _follow_at_provider(browser: requests.Session, url: str) -> str:
    """Follows the provider's redirects until one leaves it (for Safe Contact's callback); signs in when asked."""
    for _ in range(10):
        if urlsplit(url).hostname != "127.0.0.1":
            return url
        response = browser.get(url, allow_redirects=False)
        if response.status_code == 200 and 'name="password"' in response.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
            response = browser.post(url, data={**browser.sign_in_as, "csrfmiddlewaretoken": token}, allow_redirects=False)  # type: ignore[attr-defined]
        assert response.status_code == 302, (response.status_code, response.text[:500])
        url = requests.compat.urljoin(url, response.headers["Location"])
    raise AssertionError("the provider kept redirecting")


def sign_in(client: Client, username: str):
    """Click "Sign in with …", sign in at the provider, and come back: Safe Contact's answer to the callback."""
    start = client.post(f"/accounts/oidc/{SLUG}/login/", {"process": "login"})
    assert start.status_code == 302, start.status_code
    authorize = start["Location"]
    query = dict(part.split("=", 1) for part in urlsplit(authorize).query.split("&"))
    assert query["code_challenge_method"] == "S256" and query["code_challenge"] and query["nonce"] and query["state"]
    browser = requests.Session()
    browser.sign_in_as = {"username": username, "password": PASSWORD}  # type: ignore[attr-defined]
    callback = urlsplit(_follow_at_provider(browser, authorize))
    assert callback.path == f"/accounts/oidc/{SLUG}/login/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def _refusal(reason: str) -> AuditEvent:
    return AuditEvent.objects.filter(event_type=EventType.SIGN_IN_PROVIDER_REFUSED, data__reason=reason).get()


def test_the_sign_in_page_offers_the_council_provider_only_while_its_secret_is_in_the_environment(north, monkeypatch):
    page = Client().get("/accounts/login/").content.decode()
    assert "Sign in with North Demo work account" in page and f'action="/accounts/oidc/{SLUG}/login/' in page
    monkeypatch.delenv(SECRET_ENV_VAR)
    assert "Sign in with" not in Client().get("/accounts/login/").content.decode()


def test_an_invited_person_signs_in_and_their_invitation_is_accepted_and_linked(north, provider):
    client = Client()
    response = sign_in(client, "invited")
    user = User.objects.get(email=provider.email("invited"))
    assert response.status_code == 302 and _signed_in_as(client) == str(user.pk)
    invitation = Invitation.objects.get(user=user)
    assert invitation.status == Invitation.Status.ACCEPTED and not user.has_usable_password()
    assert roles_of(user, north) == frozenset({Role.REGISTER_MANAGER})  # the role the invitation gave, as by the link
    assert SocialAccount.objects.get(user=user).provider == SLUG
    accepted = AuditEvent.objects.get(event_type=EventType.INVITATION_ACCEPTED, subject_id=str(invitation.pk))
    assert accepted.data["via_provider"] == SLUG
    assert AuditEvent.objects.filter(event_type=EventType.SIGN_IN_PROVIDER_LINKED, subject_id=str(user.pk)).count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.SIGNED_IN_WITH_PROVIDER, subject_id=str(user.pk)).count() == 1
    # The next sign-in finds the link; nothing is linked or accepted again.
    again = Client()
    assert sign_in(again, "invited").status_code == 302 and _signed_in_as(again) == str(user.pk)
    assert AuditEvent.objects.filter(event_type=EventType.SIGN_IN_PROVIDER_LINKED).count() == 1
    assert SocialAccount.objects.filter(user=user).count() == 1


def test_an_existing_active_person_of_the_council_is_linked_by_their_email(north, provider):
    user = UserFactory(organisation=north, email=provider.email("existing"))
    client = Client()
    assert sign_in(client, "existing").status_code == 302 and _signed_in_as(client) == str(user.pk)
    assert SocialAccount.objects.get(provider=SLUG).user == user


def test_someone_the_council_has_not_invited_is_refused_with_a_clear_page(north):
    client = Client()
    response = sign_in(client, "stranger")
    page = response.content.decode()
    assert response.status_code == 403 and _signed_in_as(client) is None
    assert "You cannot sign in with North Demo work account" in page and "Nobody can make their own account" in page
    assert not User.objects.filter(email="stranger@north-demo.gov.uk").exists() and not SocialAccount.objects.exists()
    assert _refusal("not_invited").council_id == north.pk


def test_a_person_of_another_council_is_refused_as_not_invited(north, provider, other_council):
    UserFactory(organisation=other_council, email=provider.email("existing"))
    client = Client()
    assert sign_in(client, "existing").status_code == 403 and _signed_in_as(client) is None
    assert _refusal("not_invited")


def test_an_email_domain_the_council_does_not_allow_is_refused(north, provider):
    UserFactory(organisation=north, email=provider.email("outsider"))  # even with an account at that address
    client = Client()
    response = sign_in(client, "outsider")
    assert response.status_code == 403 and _signed_in_as(client) is None
    assert "does not use for Safe Contact" in response.content.decode()
    assert _refusal("domain_not_allowed")


def test_a_deactivated_person_is_refused_at_first_sign_in_and_after_being_linked(north, provider):
    UserFactory(organisation=north, email=provider.email("leaver"), is_active=False)
    client = Client()
    response = sign_in(client, "leaver")
    assert response.status_code == 403 and "has been closed" in response.content.decode() and _signed_in_as(client) is None
    user = UserFactory(organisation=north, email=provider.email("existing"))
    assert sign_in(Client(), "existing").status_code == 302
    User.objects.filter(pk=user.pk).update(is_active=False)
    client = Client()
    assert sign_in(client, "existing").status_code == 403 and _signed_in_as(client) is None
    assert AuditEvent.objects.filter(event_type=EventType.SIGN_IN_PROVIDER_REFUSED, data__reason="deactivated").count() == 2


def test_an_expired_invitation_is_refused_and_stays_pending(north, provider):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client = Client()
    response = sign_in(client, "invited")
    assert response.status_code == 403 and "Your invitation to Safe Contact has expired" in response.content.decode()
    assert Invitation.objects.get().status == Invitation.Status.PENDING and _signed_in_as(client) is None
    assert _refusal("invitation_expired")


def test_another_provider_account_stating_a_linked_persons_address_is_refused(north, provider):
    user = UserFactory(organisation=north, email=provider.email("existing"))
    assert sign_in(Client(), "existing").status_code == 302
    client = Client()
    assert sign_in(client, "existing-again").status_code == 403 and _signed_in_as(client) is None
    assert _refusal("already_linked").subject_id == str(user.pk)
    assert SocialAccount.objects.filter(user=user).count() == 1


def test_after_signing_in_the_person_goes_where_they_were_going(north, provider):
    user = UserFactory(organisation=north, email=provider.email("existing"))
    client = Client()
    start = client.post(f"/accounts/oidc/{SLUG}/login/?next=/your-roles/", {"process": "login"})
    browser = requests.Session()
    browser.sign_in_as = {"username": "existing", "password": PASSWORD}  # type: ignore[attr-defined]
    callback = urlsplit(_follow_at_provider(browser, start["Location"]))
    response = client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 302 and response["Location"] == "/your-roles/" and _signed_in_as(client) == str(user.pk)


def test_opening_the_provider_address_asks_before_leaving_for_the_provider(north):
    page = Client().get(f"/accounts/oidc/{SLUG}/login/")
    assert page.status_code == 200 and b"North Demo work account" in page.content


@pytest.mark.parametrize("fault, reason", [
    ({"aud": "another-client"}, "provider_error"),            # allauth: the audience is not our client id
    ({"iss": "http://127.0.0.1:9/o"}, "provider_error"),      # allauth: not the issuer its discovery document names
    ({"nonce": "not-the-nonce-we-sent"}, "wrong_nonce"),       # ours: allauth's generic provider sends no nonce
], ids=["wrong-audience", "wrong-issuer", "wrong-nonce"])
def test_an_id_token_for_another_client_issuer_or_request_is_refused(north, provider, fault, reason):
    UserFactory(organisation=north, email=provider.email("existing"))
    provider.configure(id_token=fault)
    client = Client()
    response = sign_in(client, "existing")
    assert response.status_code == 403 and _signed_in_as(client) is None
    assert "did not work" in response.content.decode()
    assert _refusal(reason).council_id == north.pk and not SocialAccount.objects.exists()


def test_the_council_configured_issuer_must_be_the_token_issuer(north, provider):
    """The discovery document and the token agree, but not with the issuer the council set up."""
    UserFactory(organisation=north, email=provider.email("existing"))
    CouncilSignInProvider.objects.filter(slug=SLUG).update(issuer=provider.issuer + "/.well-known/openid-configuration")
    client = Client()
    assert sign_in(client, "existing").status_code == 403 and _signed_in_as(client) is None
    assert _refusal("wrong_issuer")


def test_an_address_the_provider_says_is_not_verified_is_refused(north, provider):
    UserFactory(organisation=north, email=provider.email("existing"))
    provider.configure(email_verified={"existing": False})
    assert sign_in(Client(), "existing").status_code == 403
    assert _refusal("email_not_verified")


def test_mfa_asserted_by_the_provider_is_noted_in_the_session_and_only_then(north, provider):
    UserFactory(organisation=north, email=provider.email("existing"))
    plain = Client()
    assert sign_in(plain, "existing").status_code == 302 and IDP_MFA_SESSION_KEY not in plain.session
    provider.configure(amr={"existing": ["pwd", "mfa"]})
    with_mfa = Client()
    assert sign_in(with_mfa, "existing").status_code == 302 and with_mfa.session[IDP_MFA_SESSION_KEY] is True
    provider.configure(acr={"existing": "urn:north-demo:mfa"})
    by_acr = Client()
    assert sign_in(by_acr, "existing").status_code == 302 and by_acr.session[IDP_MFA_SESSION_KEY] is True
    events = AuditEvent.objects.filter(event_type=EventType.SIGNED_IN_WITH_PROVIDER).order_by("seq")
    assert [e.data["mfa_asserted"] for e in events] == [False, True, True]


def test_mfa_claims():
    provider = CouncilSignInProvider(mfa_acr_values=["c2"])
    assert mfa_asserted(provider, {"amr": ["pwd", "otp"]}) and mfa_asserted(provider, {"amr": "hwk"})
    assert mfa_asserted(provider, {"acr": "c2"}) and not mfa_asserted(provider, {"acr": "c1", "amr": ["pwd"]})
    assert not mfa_asserted(provider, {"amr": ["pwd"]}) and not mfa_asserted(provider, {})


def test_connecting_or_signing_up_through_a_provider_is_not_offered(north):
    assert Client().get("/accounts/3rdparty/").status_code == 404
    assert Client().get("/accounts/3rdparty/signup/").status_code == 404
    assert Client().get("/accounts/oidc/no-such-provider/login/").status_code == 404


def test_configure_sign_in_command_sets_up_lists_and_refuses_a_plain_http_issuer(north, monkeypatch):
    out = StringIO()
    call_command("configure_sign_in", "--council", "north-demo", "--slug", "north-entra", "--name", "Microsoft",
                 "--issuer", "https://login.microsoftonline.com/0000-tenant/v2.0", "--client-id", "abc",
                 "--secret-env-var", "NORTH_ENTRA_SECRET", "--allowed-domains", "north-demo.gov.uk, @North.gov.uk", stdout=out)
    entra = CouncilSignInProvider.objects.get(slug="north-entra")
    assert entra.council == north and entra.allowed_domains == ["north-demo.gov.uk", "north.gov.uk"]
    assert "$NORTH_ENTRA_SECRET (NOT SET" in out.getvalue() and "/accounts/oidc/north-entra/login/callback/" in out.getvalue()
    assert AuditEvent.objects.filter(event_type=EventType.SIGN_IN_PROVIDER_CONFIGURED, subject_id=str(entra.pk)).exists()
    with pytest.raises(ApplicationError, match="https"):
        provider_configure(actor=None, council=north, slug="north-entra", name="Microsoft", issuer="http://idp.example.gov.uk",
                           client_id="abc", secret_env_var="NORTH_ENTRA_SECRET", allowed_domains=["north-demo.gov.uk"])


def test_the_council_settings_page_shows_the_provider_but_never_its_secret(north, provider, user_with_role, client_for, monkeypatch):
    manager = user_with_role(Role.REGISTER_MANAGER, for_council=north)
    page = client_for(manager).get("/access/settings/").content.decode()
    assert "North Demo work account" in page and provider.issuer in page and "north-demo.gov.uk" in page
    assert provider.client_secret not in page and "Offered on the sign-in page" in page
    monkeypatch.delenv(SECRET_ENV_VAR)
    page = client_for(manager).get("/access/settings/").content.decode()
    assert "its client secret has not been given" in page


def test_a_person_with_their_own_second_factor_is_asked_for_it_unless_the_provider_asserted_mfa(north, provider):
    """allauth asks for a person's own TOTP after any sign-in; after the provider said MFA was used, it must not."""
    from safecontact.core.tests.fixtures import give_mfa

    give_mfa(UserFactory(organisation=north, email=provider.email("existing")))
    asked = Client()
    response = sign_in(asked, "existing")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/authenticate/")
    assert _signed_in_as(asked) is None
    provider.configure(amr={"existing": ["pwd", "mfa"]})
    trusted = Client()
    response = sign_in(trusted, "existing")
    assert response.status_code == 302 and not response["Location"].startswith("/accounts/2fa/")
    assert _signed_in_as(trusted) is not None and trusted.session[IDP_MFA_SESSION_KEY] is True
