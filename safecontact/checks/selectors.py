from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safecontact.accounts.models import Organisation, User
from safecontact.checks.models import Check
from safecontact.people.models import Address


def check_get_for(*, actor: User, council: Organisation, id: Any) -> Check:
    """A check's answer is shown again only to the person who ran it."""
    try:
        return Check.objects.prefetch_related("measures").get(pk=id, council=council, checker=actor)
    except (Check.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def checks_by(*, actor: User, council: Organisation) -> QuerySet[Check]:
    return Check.objects.filter(council=council, checker=actor).order_by("-created_at")


def checks_by_team_of(*, manager: User, council: Organisation) -> QuerySet[Check]:
    """Whether a manager's staff checked before their visits (outcome and purpose, not the query)."""
    return Check.objects.filter(council=council, checker__line_manager=manager).select_related("checker").order_by("-created_at")


def addresses_at(*, postcode: str) -> QuerySet[Address]:
    return Address.objects.filter(postcode=postcode).order_by("line1")[:200]  # type: ignore[return-value]
