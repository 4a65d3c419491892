"""HTTP headers every response needs: what browsers and proxies may keep, and which browser features pages may use;
and Django's session middleware, less a renewal that the next request makes anyway.

SecurityHeadersMiddleware is placed straight after SecurityMiddleware, so static files served by WhiteNoise get the
Permissions-Policy too; request.user is read only once the response is back (the inner middleware set it by then).
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions import middleware as django_sessions
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme


def _is_download(response: HttpResponse) -> bool:
    return isinstance(response, FileResponse) or response.has_header("Content-Disposition")


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def must_not_be_stored(request: HttpRequest, response: HttpResponse) -> bool:
    """Pages for a signed-in user, downloads and API answers hold personal data: no browser or proxy cache may keep
    them (a shared council PC's back button, a caching proxy). Static assets are public and cacheable."""
    if request.path.startswith(settings.STATIC_URL):
        return False
    return _is_download(response) or request.path.startswith("/api/") or _signed_in(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if must_not_be_stored(request, response):
            if "no-store" not in response.get("Cache-Control", ""):
                response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response


class SessionMiddleware(django_sessions.SessionMiddleware):
    """Django's, except that a form post answered by a redirect to one of our own pages does not renew an unchanged
    session: the browser asks for that page at once, and its answer renews it (SESSION_SAVE_EVERY_REQUEST, the idle
    timeout). Renewing it twice cost every such post three database round trips (a check's post, issue 16). A
    session the post changed (signing in or out, a message for the next page) is saved as usual."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if (session is not None and request.method == "POST" and response.status_code in (302, 303)
                and _own_page(response.get("Location", "")) and not session.modified and not session.is_empty()):
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)


def _own_page(location: str) -> bool:
    """A path on this site ("/checks/…"), not another site's address ("https://…", "//host/…"): Django's own test
    of a redirect target, with no host allowed."""
    return url_has_allowed_host_and_scheme(location, allowed_hosts=None)
