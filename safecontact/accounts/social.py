"""django-allauth's OpenID Connect sign-in, bound to each council's own provider (ADR 0017).

allauth does the protocol: discovery, the authorisation-code flow with PKCE and `state`, the token exchange, and
checking the ID token's issuer (against the discovery document), audience (the client id) and expiry. What it does
not do, this module adds:
- the providers come from `CouncilSignInProvider` rows (`list_apps`), with the secret read from the environment
  variable each row names, so nothing secret is in the database or in settings;
- a `nonce` in every authorisation request, checked against the ID token (allauth's generic provider sends none);
- the token's issuer must be the issuer the council configured, not only the one the discovery document states;
- nobody signs up: the first sign-in links to an invited or existing person of that council, or is refused with a
  GOV.UK page, and every refusal is audited (accounts/sign_in_providers.py decides who a sign-in is);
- when the ID token asserts MFA, the session notes it (IDP_MFA_SESSION_KEY), which the MFA rule then accepts."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError, AuthProcess
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from requests import RequestException

from safecontact.access.middleware import IDP_MFA_SESSION_KEY
from safecontact.accounts import sign_in_providers as sip
from safecontact.accounts.models import CouncilSignInProvider, User

OIDC = OpenIDConnectProvider.id
NONCE_STATE_KEY = "safecontact_nonce"


class CouncilOpenIDConnectProvider(OpenIDConnectProvider):
    """allauth's provider, with a nonce, and without letting the request add scopes or parameters to the request
    sent to the council's provider (allauth otherwise takes `?scope=` and `?auth_params=` from the query string)."""

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict[str, Any]:
        return self.get_auth_params()

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()

    def redirect(self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None, **kwargs: Any) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = {**(kwargs.pop("auth_params", None) or self.get_auth_params()), "nonce": nonce}
        # Extra keyword arguments are kept in the session's sign-in state, which comes back with the login.
        return super().redirect(request, process, next_url, data, auth_params=auth_params, **{NONCE_STATE_KEY: nonce}, **kwargs)


def _app(provider: CouncilSignInProvider) -> SocialApp:
    """An unsaved allauth app: allauth needs one per provider, but its table would hold the secret."""
    return SocialApp(
        provider=OIDC, provider_id=provider.slug, name=provider.name, client_id=provider.client_id,
        secret=sip.provider_secret(provider),
        settings={"server_url": provider.issuer, "oauth_pkce_enabled": True, "fetch_userinfo": True},
    )


def refusal_response(request: HttpRequest, *, provider: CouncilSignInProvider | None, reason: str) -> HttpResponse:
    context = {"reason": reason, "provider_name": provider.name if provider else "your council's sign-in",
               "council": provider.council if provider else None}
    return render(request, "accounts/sign_in_refused.html", context, status=403)


def _refuse(request: HttpRequest, provider: CouncilSignInProvider | None, reason: str, *, user: User | None = None,
            detail: str = "") -> ImmediateHttpResponse:
    sip.sign_in_refusal_record(provider=provider, reason=reason, user=user, detail=detail)
    return ImmediateHttpResponse(refusal_response(request, provider=provider, reason=reason))


def _claims(sociallogin: SocialLogin) -> tuple[dict[str, Any], dict[str, Any]]:
    extra = sociallogin.account.extra_data or {}
    return dict(extra.get("id_token") or {}), dict(extra.get("userinfo") or {})


def _email(id_token: dict[str, Any], userinfo: dict[str, Any]) -> tuple[str, bool | None]:
    """The address and whether the provider says it is verified (None: it does not say; Entra ID never does, so the
    allowed domains and the council's own issuer are what make the address trustworthy)."""
    for claims in (userinfo, id_token):
        email = claims.get("email")
        if isinstance(email, str) and "@" in email:
            verified = claims.get("email_verified")
            return email.strip().lower(), verified if isinstance(verified, bool) else None
    return "", None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: HttpRequest, provider: Any = None, client_id: Any = None) -> list[SocialApp]:
        apps = [_app(p) for p in sip.providers_usable()]
        if provider:
            apps = [a for a in apps if provider in (a.provider, a.provider_id)]
        if client_id:
            apps = [a for a in apps if a.client_id == client_id]
        return apps

    def list_providers(self, request: HttpRequest) -> list[Any]:
        return [CouncilOpenIDConnectProvider(request, app=app) for app in self.list_apps(request)]

    def get_provider(self, request: HttpRequest, provider: Any, client_id: Any = None) -> Any:
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider) and not isinstance(found, CouncilOpenIDConnectProvider):
            return CouncilOpenIDConnectProvider(request, app=found.app)
        return found

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        # Accounts are made by invitation for named staff; a provider only signs in someone already known.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = sip.provider_get(slug=sociallogin.account.provider)
        if provider is None:
            raise _refuse(request, None, "provider_unknown")
        if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
            raise _refuse(request, provider, "not_sign_in")  # no connecting accounts from a session: only signing in
        id_token, userinfo = _claims(sociallogin)
        nonce = sociallogin.state.get(NONCE_STATE_KEY)
        if not nonce or not isinstance(id_token.get("nonce"), str) or not secrets.compare_digest(id_token["nonce"], nonce):
            raise _refuse(request, provider, "wrong_nonce")
        if not sip.issuer_matches(provider, id_token.get("iss")):
            raise _refuse(request, provider, "wrong_issuer")
        email, verified = _email(id_token, userinfo)
        if not email:
            raise _refuse(request, provider, "no_email")
        if verified is False:
            raise _refuse(request, provider, "email_not_verified")
        try:
            if sociallogin.is_existing:
                sip.sign_in_check_linked(provider=provider, user=sociallogin.user, email=email)
                return
            with transaction.atomic():  # linked, invitation accepted and audited together, or none of it
                user = sip.sign_in_link(provider=provider, email=email, uid=sociallogin.account.uid)
                sociallogin.connect(request, user)
        except sip.SignInRefusedError as refused:
            raise _refuse(request, provider, refused.reason, user=refused.user) from refused

    def on_authentication_error(self, request: HttpRequest, provider: Any, error: Any = None, exception: Any = None,
                                extra_context: Any = None) -> None:
        """Anything that stops the flow before pre_social_login: the person cancelled, the state or code was wrong,
        the provider could not be reached, or allauth refused the ID token (issuer, audience, expiry)."""
        council_provider = sip.provider_get(slug=getattr(getattr(provider, "app", None), "provider_id", "") or "")
        reason = "cancelled" if error == AuthError.CANCELLED else "provider_error"
        detail = type(exception).__name__ if exception is not None else str(error or "")
        if isinstance(exception, RequestException):
            detail = "provider_unreachable"
        raise _refuse(request, council_provider, reason, detail=detail)

    def send_notification_mail(self, *args: Any, **kwargs: Any) -> None:
        # allauth would email "a third-party account was connected" directly; every email goes through the outbox, and
        # linking at first sign-in is audited instead.
        return None


def provider_asserted_mfa(sociallogin: SocialLogin) -> bool:
    """Whether this provider sign-in's ID token says a second factor was used (the council's provider, its rules)."""
    provider = sip.provider_get(slug=sociallogin.account.provider)
    if provider is None:
        return False
    id_token, _ = _claims(sociallogin)
    return sip.mfa_asserted(provider, id_token)


def on_signed_in(request: HttpRequest, user: User, sociallogin: SocialLogin | None) -> None:
    """After every sign-in (allauth's user_logged_in): a provider's MFA counts for this session only, and only when
    this sign-in came through the provider and its ID token said so."""
    if sociallogin is None:
        request.session.pop(IDP_MFA_SESSION_KEY, None)
        return
    provider = sip.provider_get(slug=sociallogin.account.provider)
    if provider is None:
        return
    id_token, _ = _claims(sociallogin)
    mfa = sip.mfa_asserted(provider, id_token)
    if mfa:
        request.session[IDP_MFA_SESSION_KEY] = True
    else:
        request.session.pop(IDP_MFA_SESSION_KEY, None)
    sip.signed_in_with_provider_record(provider=provider, user=user, mfa=mfa)

