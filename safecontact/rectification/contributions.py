"""What rectification adds to the shell: the requests list in navigation, and home tasks for the DPO, who handles
the requests (the one-month clock: overdue first, then those due within a week)."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import HomeTask, NavEntry

NAVIGATION = [NavEntry("admin", "Requests to correct records", "rectification:request_list", Action.RECTIFICATION_VIEW, 60)]


def rectification_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.rectification import selectors

    if not can(user, Action.RECTIFICATION_DECIDE, council):
        return
    url = reverse("rectification:request_list")
    overdue = selectors.request_list_for(actor=user, council=council, show="overdue").count()
    if overdue:
        yield HomeTask("Requests to correct records past their deadline", overdue, url + "?show=overdue")
    soon = selectors.request_list_for(actor=user, council=council, show="due_soon").count()
    if soon:
        yield HomeTask(f"Requests to correct records due within {selectors.DUE_SOON_DAYS} days", soon, url + "?show=due_soon")


HOME_TASKS = [rectification_tasks]
