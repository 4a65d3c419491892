from typing import Any

from allauth.account.adapter import DefaultAccountAdapter, get_adapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by administrators for named staff; nobody registers themselves.
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> Any:
        return "/"

    def get_login_stages(self) -> list[str]:
        # Our second-factor stage lets a provider's asserted MFA count (accounts/stages.py); the rest is allauth's.
        return [
            "safecontact.accounts.stages.AuthenticateStage" if stage == "allauth.mfa.stages.AuthenticateStage" else stage
            for stage in super().get_login_stages()
        ]


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes: allauth authenticates with `email=`, the form posts `login`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()


def allauth_failed_sign_ins_forget(request: HttpRequest, *, email: str) -> None:
    """allauth counts failed sign-ins per address too (ACCOUNT_RATE_LIMITS "login_failed", kept in the cache). When an
    administrator lifts a django-axes lockout, forget that count as well, as allauth itself does after a password
    reset; otherwise the person is still refused for a few minutes."""
    get_adapter(request)._delete_login_attempts_cached_email(request, email=email.lower())
