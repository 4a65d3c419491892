from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from safecontact.access.checks import can
from safecontact.access.policy import Action


def HasAction(action: Action) -> type[BasePermission]:  # noqa: N802 - reads like a class in views
    """DRF permission matching @requires(Action.X) for HTML views."""

    class _HasAction(BasePermission):
        required_action = action

        def has_permission(self, request: Request, view: Any) -> bool:
            user = request.user
            if not (user and user.is_authenticated):
                return False
            return can(user, action, getattr(request._request, "council", None))  # type: ignore[arg-type]

    _HasAction.__name__ = f"HasAction[{action}]"
    return _HasAction
