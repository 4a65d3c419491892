"""can() and require(): the only functions that consult the matrix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from safecontact.access.policy import Action, Role, roles_for

if TYPE_CHECKING:
    from safecontact.accounts.models import Organisation, User


def roles_of(user: User | None, council: Organisation | None) -> frozenset[Role]:
    """The roles a user holds for one council today (approved, unexpired, unrevoked)."""
    if user is None or not user.is_authenticated or not user.is_active or council is None:
        return frozenset()
    cache = user.__dict__.setdefault("_roles_cache", {})  # pragma: no mutate: equivalent, any private name caches the same
    if council.pk not in cache:
        if _EVERY_COUNCIL in cache:  # remember_roles() saw every council the user holds a role in: not this one
            return frozenset()
        from safecontact.accounts.selectors import active_roles_for

        cache[council.pk] = active_roles_for(user=user, council=council)
    return cache[council.pk]


_EVERY_COUNCIL = object()  # a key in a user's roles cache: the cache holds every council they have roles in


def remember_roles(user: User, roles_by_council: Mapping[Any, frozenset[Role]]) -> None:
    """Give roles_of() what it would read, for every council at once: the access middleware reads a request's role
    assignments in one query. Like roles_of()'s own cache, it lasts as long as the user object (one request)."""
    cache: dict[Any, frozenset[Role]] = dict(roles_by_council)
    cache[_EVERY_COUNCIL] = frozenset()
    user.__dict__["_roles_cache"] = cache


def can(user: User | None, action: Action, council: Organisation | None) -> bool:
    return bool(roles_of(user, council) & roles_for(action))


def require(user: User | None, action: Action, council: Organisation | None) -> None:
    """Defence in depth inside services: the view checked too."""
    if not can(user, action, council):
        raise PermissionDenied(f"Not allowed: {action}")


def allowed_actions(user: User | None, council: Organisation | None) -> list[Action]:
    roles = roles_of(user, council)
    return [action for action in Action if roles & roles_for(action)]
