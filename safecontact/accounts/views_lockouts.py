"""Accounts locked by django-axes after repeated failed sign-ins: the system administrator may unlock one early."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.accounts import selectors, services
from safecontact.accounts.adapters import allauth_failed_sign_ins_forget


@requires(Action.SIGN_IN_LOCKOUT_RELEASE)
def lockout_list(request: HttpRequest) -> HttpResponse:
    lockouts = selectors.sign_in_lockouts_for(council=request.council)  # type: ignore[attr-defined]
    cool_off = get_cool_off()
    return render(request, "accounts/lockout_list.html", {
        "lockouts": lockouts, "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    })


@requires(Action.SIGN_IN_LOCKOUT_RELEASE)
def lockout_release(request: HttpRequest, id: int) -> HttpResponse:
    """GET asks for confirmation; POST unlocks."""
    lockout = selectors.sign_in_lockout_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    if request.method == "POST":
        services.sign_in_lockout_release(actor=request.user, council=request.council, lockout=lockout)  # type: ignore[arg-type,attr-defined]
        allauth_failed_sign_ins_forget(request, email=lockout.user.email)
        messages.success(request, f"{lockout.user.full_name} can sign in again now.")
        return redirect("accounts:lockout_list")
    return render(request, "accounts/lockout_release.html", {"lockout": lockout})
