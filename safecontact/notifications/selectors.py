"""Reads about emails to staff, for the roles that look after the service. Council-wide; 404 outside it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.notifications.models import StaffEmail

# What the page shows when no filter is chosen: what needs someone (or the worker) to act.
OPEN = "open"
SHOW = {OPEN: "Waiting or could not be sent", **dict(StaffEmail.Status.choices), "all": "All emails"}


def staff_email_list_for(*, actor: User, council: Organisation, show: str = OPEN) -> QuerySet[StaffEmail]:
    if not can(actor, Action.STAFF_EMAIL_VIEW, council):
        return StaffEmail.objects.none()
    qs = StaffEmail.objects.filter(council=council)
    if show == OPEN:
        qs = qs.exclude(status=StaffEmail.Status.SENT)
    elif show in StaffEmail.Status.values:
        qs = qs.filter(status=show)
    return qs.order_by("-created_at")


def staff_email_get_for(*, actor: User, council: Organisation, id: Any) -> StaffEmail:
    try:
        return staff_email_list_for(actor=actor, council=council, show="all").select_related("council").get(pk=id)
    except (StaffEmail.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def staff_emails_failed_count(*, council: Organisation) -> int:
    return StaffEmail.objects.filter(council=council, status=StaffEmail.Status.FAILED).count()
