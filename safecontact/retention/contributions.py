"""What retention adds to the shell: records due for disposal, legal holds, the daily disposal sweep."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, HomeTask, NavEntry

NAVIGATION = [NavEntry("reviews", "Retention", "retention:overview", Action.RETENTION_VIEW, 40)]


def retention_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.retention.selectors import legal_hold_list_for, retention_plan

    if not can(user, Action.RETENTION_VIEW, council):
        return
    due = sum(count for _, count in retention_plan(council=council, today=timezone.localdate()))
    if due:
        yield HomeTask("Records due for disposal at the next daily run", due, reverse("retention:overview"))
    holds = legal_hold_list_for(council=council).count()
    if holds:
        yield HomeTask("Legal holds in force (records kept past their time)", holds, reverse("retention:overview"))


HOME_TASKS = [retention_tasks]
DAILY_STEPS = [DailyStep("retention", "safecontact.retention.services.retention_sweep", 50)]
