"""Reads for the Governance Group. Meetings, items and checklists are council-wide for the roles
that may see them; anything of another council, or for someone without the role, is 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import role_holders
from safecontact.governance.models import AgendaItem, ChecklistTask, ExternalSystem, Meeting
from safecontact.lists.selectors import choices_for
from safecontact.register.models import Measure

ITEM_RELATED = ("measure", "measure__person", "measure__premises", "review", "decided_by", "removal_letter", "meeting")


def meeting_list_for(*, actor: User, council: Organisation) -> QuerySet[Meeting]:
    if not can(actor, Action.GOVERNANCE_VIEW, council):
        return Meeting.objects.none()
    return Meeting.objects.filter(council=council).prefetch_related("members_present").order_by("-held_on", "-created_at")


def meeting_get_for(*, actor: User, council: Organisation, id: Any) -> Meeting:
    try:
        return meeting_list_for(actor=actor, council=council).get(pk=id)
    except (Meeting.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def meeting_items(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    return (AgendaItem.objects.filter(meeting=meeting).select_related(*ITEM_RELATED)
            .prefetch_related("checklist", "measure__services", "measure__restriction_types").order_by("created_at"))


def item_get_for(*, actor: User, council: Organisation, id: Any) -> AgendaItem:
    if not can(actor, Action.GOVERNANCE_VIEW, council) and not can(actor, Action.GOVERNANCE_DECIDE, council):
        raise Http404
    try:
        return AgendaItem.objects.select_related(*ITEM_RELATED).get(meeting__council=council, pk=id)
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def checklist_task_get_for(*, actor: User, council: Organisation, id: Any) -> ChecklistTask:
    if not can(actor, Action.GOVERNANCE_MANAGE, council):
        raise Http404
    try:
        return ChecklistTask.objects.select_related("measure", "item").get(measure__council=council, pk=id)
    except (ChecklistTask.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    """The council's meeting before this one (by date), whose agenda this one follows on from."""
    return (Meeting.objects.filter(council_id=meeting.council_id, held_on__lt=meeting.held_on)
            .exclude(pk=meeting.pk).order_by("-held_on", "-created_at").first())


def undecided_items_before(*, meeting: Meeting) -> QuerySet[AgendaItem]:
    """Items of earlier meetings left undecided whose entry is still live: they are carried forward."""
    return (AgendaItem.objects.filter(meeting__council_id=meeting.council_id, meeting__held_on__lt=meeting.held_on, decision="")
            .filter(measure__status__in=("active", "under_review")).select_related("measure", "review"))


def governance_members(*, council: Organisation) -> QuerySet[User]:
    ids = [user.pk for user in role_holders(council=council, role=Role.GOVERNANCE_MEMBER)]
    return User.objects.filter(pk__in=ids).order_by("full_name")


def external_systems_for(*, council: Organisation) -> QuerySet[ExternalSystem]:
    """Where the council copies flags, as it keeps the list (lists/): its own and the defaults it has not retired."""
    return choices_for(model=ExternalSystem, council=council)


def items_awaiting_decision(*, council: Organisation, today: date | None = None) -> QuerySet[AgendaItem]:
    """Undecided items of meetings that have taken place (today or earlier)."""
    today = today or timezone.localdate()
    return AgendaItem.objects.filter(meeting__council=council, meeting__held_on__lte=today, decision="")


def open_checklist_tasks(*, council: Organisation) -> QuerySet[ChecklistTask]:
    return ChecklistTask.objects.filter(measure__council=council, status=ChecklistTask.Status.PENDING)


def clearance_tasks_for(*, measure: Measure) -> QuerySet[ChecklistTask]:
    """An entry's clear-everywhere checklist, in the order it was opened (systems, then partners)."""
    return ChecklistTask.objects.filter(measure=measure).select_related("done_by").order_by("created_at", "label")


def clearance_list_for(*, actor: User, council: Organisation) -> QuerySet[Measure]:
    """Ended entries with a place still to clear, longest waiting first, each with its whole checklist."""
    if not can(actor, Action.GOVERNANCE_MANAGE, council):
        return Measure.objects.none()
    pending = ChecklistTask.objects.filter(measure=OuterRef("pk"), status=ChecklistTask.Status.PENDING)
    tasks = ChecklistTask.objects.select_related("done_by").order_by("created_at", "label")
    return (Measure.objects.filter(council=council, status=Measure.Status.ENDED).filter(Exists(pending))
            .select_related("person", "premises").prefetch_related(Prefetch("clearance_tasks", queryset=tasks))
            .order_by("ended_at", "reference"))
