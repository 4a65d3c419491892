"""Reads for the quarterly access check (R28 in issue 17). A manager sees only their own check: another's is 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.accounts.models import (
    Organisation,
    RecertificationCampaign,
    RecertificationItem,
    RecertificationTask,
    RoleAssignment,
    User,
)

# An item is done when its manager answered it, or when the role ended some other way meanwhile (revoked, the person
# left): nothing is left to confirm.
_DONE = ~Q(items__decision="") | ~Q(items__assignment__status=RoleAssignment.Status.APPROVED)


def recertification_task_get_for(*, actor: User, council: Organisation, id: Any) -> RecertificationTask:
    try:
        return RecertificationTask.objects.select_related("campaign").get(council=council, manager=actor, pk=id)
    except (RecertificationTask.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def recertification_item_get_for(*, actor: User, council: Organisation, id: Any) -> RecertificationItem:
    try:
        return RecertificationItem.objects.select_related("task").get(council=council, task__manager=actor, pk=id)
    except (RecertificationItem.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def recertification_items(*, task: RecertificationTask) -> QuerySet[RecertificationItem]:
    return task.items.select_related("assignment__user", "assignment__team").order_by("assignment__user__full_name",
                                                                                       "assignment__role")


def recertification_open_tasks_for(*, actor: User, council: Organisation) -> list[tuple[RecertificationTask, int]]:
    """The actor's unfinished checks (normally one: this quarter's) with how many roles still wait for an answer."""
    tasks = (RecertificationTask.objects.filter(council=council, manager=actor, completed_at__isnull=True)
             .annotate(waiting=Count("items", filter=Q(items__decision="", items__assignment__status="approved")))
             .filter(waiting__gt=0).order_by("-campaign__quarter_start"))
    return [(task, task.waiting) for task in tasks]  # type: ignore[attr-defined]


@dataclass
class ManagerProgress:
    task: RecertificationTask
    total: int
    done: int

    @property
    def overdue(self) -> bool:
        started = self.task.campaign.started_at
        return self.done < self.total and timezone.now() - started >= timedelta(days=settings.RECERTIFICATION_REMINDER_DAYS)


@dataclass
class CampaignProgress:
    campaign: RecertificationCampaign | None
    managers: list[ManagerProgress] = field(default_factory=list)
    confirmed: int = 0
    removed: int = 0
    without_manager: int = 0

    @property
    def total(self) -> int:
        return sum(m.total for m in self.managers)

    @property
    def done(self) -> int:
        return sum(m.done for m in self.managers)

    @property
    def overdue(self) -> list[ManagerProgress]:
        return [m for m in self.managers if m.overdue]


def recertification_progress(*, council: Organisation) -> CampaignProgress:
    """The latest check of the council: x of y roles answered, by manager, and who is overdue."""
    campaign = RecertificationCampaign.objects.filter(council=council).order_by("-quarter_start").first()
    if campaign is None:
        return CampaignProgress(campaign=None)
    tasks = (campaign.tasks.select_related("manager", "campaign")
             .annotate(total=Count("items", distinct=True), done=Count("items", filter=_DONE, distinct=True))
             .order_by("manager__full_name"))
    decisions = dict(RecertificationItem.objects.filter(task__campaign=campaign).values_list("decision")
                     .annotate(n=Count("pk")).values_list("decision", "n"))
    started = campaign.started_at.date()
    orphans = RoleAssignment.objects.filter(
        council=council, status=RoleAssignment.Status.APPROVED, expires_on__gte=started, user__is_active=True,
    ).filter(Q(user__line_manager__isnull=True) | Q(user__line_manager__is_active=False)).count()
    return CampaignProgress(
        campaign=campaign, managers=[ManagerProgress(task=t, total=t.total, done=t.done) for t in tasks],  # type: ignore[attr-defined]
        confirmed=decisions.get(RecertificationItem.Decision.CONFIRMED, 0),
        removed=decisions.get(RecertificationItem.Decision.REMOVED, 0), without_manager=orphans,
    )
