from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.selectors import audit_event_list_for
from safecontact.checks.models import ApiClient, Check
from safecontact.people.addresses import addresses_in_order
from safecontact.people.models import Address


def check_get_for(*, actor: User, council: Organisation, id: Any) -> Check:
    """A check's answer is shown again only to the person who ran it."""
    try:
        check = Check.objects.prefetch_related("measures").get(pk=id, council=council, checker=actor)
    except (Check.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    check.council = council  # the same council (filtered above): its instance, and what is cached on it, not a re-read
    return check


def checks_by(*, actor: User, council: Organisation) -> QuerySet[Check]:
    return Check.objects.filter(council=council, checker=actor).order_by("-created_at")


def checks_by_team_of(*, manager: User, council: Organisation) -> QuerySet[Check]:
    """Whether a manager's staff checked before their visits (outcome and purpose, not the query)."""
    return Check.objects.filter(council=council, checker__line_manager=manager).select_related("checker").order_by("-created_at")


def addresses_at(*, council: Organisation | None, postcode: str) -> list[Address]:
    """The council's own addresses at a postcode (its gazetteer and what its officers typed), never another's: once
    per property (a typed copy of a gazetteer address is left out) and in natural order (1, 3, 11 High Street)."""
    if council is None:
        return []
    rows = Address.objects.filter(council=council, postcode=postcode).order_by("pk")[:1000]  # a postcode holds < 100
    return addresses_in_order(rows)[:200]


def address_get(*, council: Organisation | None, id: Any) -> Address | None:
    """An address the look-up could have listed, by id (so that a chosen address travels in the URL as an id):
    one of the council's own, like the look-up."""
    try:
        return Address.objects.get(pk=id, council=council)
    except (Address.DoesNotExist, ValueError, TypeError, ValidationError):
        return None


@dataclass(frozen=True)
class RateLimitAlert:
    who: str
    at: datetime
    window: str  # "minute" or "day"


def rate_limit_alerts_for(*, council: Organisation, days: int = 7, most: int = 10) -> list[RateLimitAlert]:
    """Who was stopped for checking too fast lately (check_rate_enforce audits the first refusal in each window)."""
    since = timezone.now() - timedelta(days=days)
    events = list(audit_event_list_for(council=council, event_type=str(EventType.CHECK_RATE_LIMITED))
                  .filter(occurred_at__gte=since)[:most])
    ids = {e.actor_id for e in events if e.actor_id}
    names = {u.pk: u.full_name for u in User.objects.filter(pk__in=ids).only("full_name")}
    names |= {c.pk: f"{c.name} (a connected system)" for c in ApiClient.objects.filter(pk__in=ids).only("name")}
    unknown = "Someone no longer known"
    return [RateLimitAlert(who=names.get(e.actor_id, unknown) if e.actor_id else unknown, at=e.occurred_at, window=e.data.get("window", ""))
            for e in events]


def check_get_for_api(*, actor: Any, council: Organisation, id: Any) -> Check:
    """A check's answer, again, for the system that asked (or another system of the same organisation), or for the
    person who ran it; 404 for everyone else, as if it did not exist."""
    if getattr(actor, "is_api_client", False):
        mine = Check.objects.filter(council=council, api_client__organisation_id=actor.organisation_id)
    else:
        mine = Check.objects.filter(council=council, checker=actor)
    try:
        return mine.select_related("council", "checker", "api_client").get(pk=id)
    except (Check.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
