from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by administrators for named staff; nobody registers themselves.
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> Any:
        return "/"


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """django-axes: allauth authenticates with `email=`, the form posts `login`."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        value = request.POST.get("login", "")
    return str(value or "").strip().lower()
