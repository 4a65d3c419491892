"""Reads of subject access requests: the DPO's list (sortable by deadline) and one request (404 outside the council)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404

from safecontact.accounts.models import Organisation, User
from safecontact.subject_access.models import Redaction, SubjectAccessRequest

SORTS = {"due": ("due_on", "-created_at"), "-due": ("-due_on", "-created_at")}
UNANSWERED = (SubjectAccessRequest.Status.OPEN, SubjectAccessRequest.Status.READY)


def sar_list_for(*, council: Organisation, sort: str = "due", answered: bool | None = None) -> QuerySet[SubjectAccessRequest]:
    """The council's requests, soonest deadline first (or last, `sort="-due"`); `answered` False keeps those still
    to answer, True those sent or closed."""
    qs = SubjectAccessRequest.objects.filter(council=council).select_related("person", "handler")
    if answered is not None:
        qs = qs.exclude(status__in=UNANSWERED) if answered else qs.filter(status__in=UNANSWERED)
    return qs.order_by(*SORTS.get(sort, SORTS["due"]))


def sar_get_for(*, council: Organisation, id: Any) -> SubjectAccessRequest:  # noqa: A002
    """One request of the council: another council's, or none, is the same 404."""
    try:
        return SubjectAccessRequest.objects.select_related("person", "handler", "extended_by").get(council=council, pk=id)
    except (SubjectAccessRequest.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def sar_open_for_person(*, council: Organisation, person: Any) -> SubjectAccessRequest | None:
    """A request about this person still to be answered, if there is one (the person page links to it)."""
    return SubjectAccessRequest.objects.filter(council=council, person=person, status__in=UNANSWERED).first()


def redaction_list_for(*, request: SubjectAccessRequest) -> QuerySet[Redaction]:
    return request.redactions.select_related("redacted_by").order_by("created_at")


def sar_due_counts(*, council: Organisation, today: Any, within_days: int = 7) -> tuple[int, int]:
    """(overdue, due within `within_days` days) among the requests still to answer: the DPO's home page."""
    from datetime import timedelta

    qs = SubjectAccessRequest.objects.filter(council=council, status__in=UNANSWERED)
    overdue = qs.filter(due_on__lt=today).count()
    soon = qs.filter(due_on__gte=today, due_on__lte=today + timedelta(days=within_days)).count()
    return overdue, soon


def handler_name(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else ""
