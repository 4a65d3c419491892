"""View decorators. Every view in Safe Contact carries exactly one of them, so the URL sweep
can tell what each URL should allow."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from safecontact.access.checks import can
from safecontact.access.policy import Action

View = Callable[..., HttpResponse]


def requires(action: Action) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, action, getattr(request, "council", None)):  # type: ignore[arg-type]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_action = action  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: View) -> View:
    """Marks a view that anyone may reach (sign-in help, health checks, the public policy page)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view
