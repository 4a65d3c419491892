"""Request-wide access plumbing: which council the user is acting for, and MFA enforcement.

allauth offers MFA but cannot require it, so the requirement lives here: a user holding any role
(every role sees personal data, if only through checks) must have an authenticator, or have signed in
through the council's identity provider with MFA asserted, before doing anything.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone

# Paths a user without MFA may still reach: setting MFA up, signing out, health, assets.
MFA_SETUP_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/", "/static/", "/healthz", "/readyz")
# Set at sign-in through the council's OpenID Connect provider when its ID token asserts MFA (amr/acr):
# the provider already asked for a second factor, so we do not ask again in that session.
IDP_MFA_SESSION_KEY = "safecontact_idp_mfa"


def council_middleware(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        request.council = None  # type: ignore[attr-defined]
        request.councils = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            councils = _live_access(request).councils
            chosen = request.session.get("council_id")
            request.councils = councils  # type: ignore[attr-defined]
            request.council = next((c for c in councils if str(c.pk) == chosen), councils[0] if councils else None)  # type: ignore[attr-defined]
        return get_response(request)

    return middleware


def _live_access(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The signed-in user's councils and roles, read in one query the first time a request asks (MFA enforcement,
    then the council middleware), and handed to access.checks so the view's own access check reads nothing."""
    access = getattr(request, "_live_access", None)
    if access is None:
        from safecontact.access.checks import remember_roles
        from safecontact.accounts.selectors import live_access_for

        access = live_access_for(user=request.user)  # type: ignore[arg-type]
        remember_roles(request.user, access.roles_by_council)  # type: ignore[arg-type]
        request._live_access = access  # type: ignore[attr-defined]
    return access


def is_demo_account(email: str) -> bool:
    """One of the sign-ins `seed_demo` creates and prints, compared on the whole address: a domain test
    let x@evildemo.test in, and would let in anyone later invited at the demo domain."""
    from safecontact.accounts.demo import printed_demo_emails

    return email.strip().lower() in printed_demo_emails()


def user_needs_mfa(user, roles: frozenset | None = None) -> bool:  # type: ignore[no-untyped-def,type-arg]
    """`roles`: all the user's live roles, when the caller has read them already."""
    from safecontact.accounts.selectors import all_active_roles_for

    if settings.DEMO_MODE and is_demo_account(user.email):
        return False
    return user.is_superuser or bool(all_active_roles_for(user=user) if roles is None else roles)


def user_has_mfa(user, session=None) -> bool:  # type: ignore[no-untyped-def]
    """An authenticator of their own (TOTP or a security key), or MFA asserted by the council's provider
    for this session. Recovery codes alone are not a factor: they only stand in for one."""
    from allauth.mfa.models import Authenticator

    if session is not None and session.get(IDP_MFA_SESSION_KEY) is True:
        return True
    return Authenticator.objects.filter(user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]).exists()


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.inner = council_middleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_SETUP_PATHS)
            and user_needs_mfa(user, _live_access(request).all_roles)
            and not user_has_mfa(user, request.session)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"type": "about:blank", "title": "Multi-factor authentication required", "status": 403},
                    status=403,
                    content_type="application/problem+json",
                )
            messages.warning(request, "You need two-factor authentication to use Safe Contact. "
                                      "Set up an authenticator app to continue (you can add a security key afterwards).")
            return redirect("mfa_activate_totp")
        return self.inner(request)


# The session key holding when the user signed in (seconds since the epoch).
SIGNED_IN_AT = "signed_in_at"


class SessionLifetimeMiddleware:
    """However active, a session ends SESSION_ABSOLUTE_HOURS after sign-in (SESSION_COOKIE_AGE is only the idle
    timeout, renewed by every request). The sign-in time is noted on the response that signs the user in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(timezone.now().timestamp())
        if request.user.is_authenticated and now - request.session.get(SIGNED_IN_AT, now) > settings.SESSION_ABSOLUTE_HOURS * 3600:
            logout(request)
            messages.info(request, f"You were signed out because you signed in more than {settings.SESSION_ABSOLUTE_HOURS} hours ago. "
                                   "Sign in again to carry on.")
            if not request.path.startswith("/api/"):  # the API then answers as to anyone not signed in
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        # Not for an API client (Django REST framework sets it as request.user): it has no session, and noting
        # the time in one made a new session row for every call (issue 16).
        if request.user.is_authenticated and not getattr(request.user, "is_api_client", False) and SIGNED_IN_AT not in request.session:
            request.session[SIGNED_IN_AT] = now
        return response
