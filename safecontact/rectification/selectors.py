"""Reads about rectification requests. The list and the request pages are for the roles RECTIFICATION_VIEW allows
(council-wide); anything else is 404. `disputes_for` feeds the "disputed" banner on pages other apps own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, F, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User

from .models import RectificationRequest

DUE_SOON_DAYS = 7
# The home page's counts open these filters, so each link shows exactly what its task counted.
SHOW = {"open": "Open", "due_soon": f"Open, due within {DUE_SOON_DAYS} days", "overdue": "Open, past the deadline",
        "decided": "Decided", "all": "All"}
# Sort keys offered on the list's column headings.
SORTS = {"due": ("deadline", "received_on"), "-due": ("-deadline", "-received_on"),
         "received": ("received_on", "deadline"), "-received": ("-received_on", "-deadline")}

Status = RectificationRequest.Status


def request_list_for(*, actor: User, council: Organisation, show: str = "open", sort: str = "due",
                     today: date | None = None) -> QuerySet[RectificationRequest]:
    if not can(actor, Action.RECTIFICATION_VIEW, council):
        return RectificationRequest.objects.none()
    today = today or timezone.localdate()
    qs = (RectificationRequest.objects.filter(council=council).select_related("person", "measure", "incident")
          .annotate(deadline=Coalesce(F("extended_due_on"), F("due_on"))))
    if show == "open":
        qs = qs.filter(status=Status.OPEN)
    elif show == "due_soon":
        qs = qs.filter(status=Status.OPEN, deadline__gte=today, deadline__lte=today + timedelta(days=DUE_SOON_DAYS))
    elif show == "overdue":
        qs = qs.filter(status=Status.OPEN, deadline__lt=today)
    elif show == "decided":
        qs = qs.exclude(status=Status.OPEN)
    return qs.order_by(*SORTS.get(sort, SORTS["due"]), "reference")


def request_get_for(*, actor: User, council: Organisation, id: Any) -> RectificationRequest:
    try:
        return request_list_for(actor=actor, council=council, show="all").get(pk=id)
    except (RectificationRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Disputes:
    """What the banner beside a record shows: open requests (the record is disputed) and the customer's statements
    kept with it (open requests, and decided ones not upheld: where the council kept the record, domain E27)."""

    open: list[RectificationRequest]
    statements: list[RectificationRequest]

    def __bool__(self) -> bool:
        return bool(self.open or self.statements)


def disputes_for(*, person: Any = None, measure: Any = None) -> Disputes:
    """Requests about a person's record (all of them) or about one register entry (those naming the entry, and those
    about the whole customer record, which includes the entry). One query."""
    if measure is not None:
        if measure.person_id is None:
            return Disputes(open=[], statements=[])
        about = Q(measure=measure) | Q(person_id=measure.person_id, measure__isnull=True, incident__isnull=True)
        qs = RectificationRequest.objects.filter(about, council_id=measure.council_id)
    elif person is not None:
        qs = RectificationRequest.objects.filter(person=person)
    else:
        return Disputes(open=[], statements=[])
    rows = list(qs.exclude(status=Status.UPHELD).select_related("measure", "incident").order_by(
        Case(When(status=Status.OPEN, then=0), default=1), "received_on"))
    return Disputes(open=[r for r in rows if r.is_open], statements=[r for r in rows if r.statement])
