"""HTTP headers every response needs: what browsers and proxies may keep, and which browser features pages may use.

Placed straight after SecurityMiddleware, so static files served by WhiteNoise get the Permissions-Policy too;
request.user is read only once the response is back (the inner middleware set it by then).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse


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
