"""The home page as work: the role's main actions, then what needs the user now, each count opening a list filtered
to exactly what it counts. Assembled from the apps' contributions (core/contributions.py)."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import HomeTask, home_alert_providers, home_task_providers, main_actions

MAIN_ACTIONS_SHOWN = 2  # a start button, and one secondary: more is a menu, and the navigation is that


def home_tasks_for(request: HttpRequest) -> list[HomeTask]:
    user, council = request.user, request.council  # type: ignore[attr-defined]
    return [task for provider in home_task_providers() for task in provider(user, council)]


def home_alerts_for(request: HttpRequest) -> dict[str, Any]:
    user, council = request.user, request.council  # type: ignore[attr-defined]
    alerts: dict[str, Any] = {}
    for provider in home_alert_providers():
        alerts.update(provider(user, council))
    return alerts


def main_actions_for(request: HttpRequest) -> list[dict[str, str]]:
    user, council = request.user, request.council  # type: ignore[attr-defined]
    allowed = [a for a in main_actions() if can(user, Action(a.action), council)]  # type: ignore[arg-type]
    return [{"label": a.label, "url": reverse(a.url_name)} for a in allowed[:MAIN_ACTIONS_SHOWN]]
