"""What checking adds to the shell: the Check area (first: everyone who meets the public checks before contact)."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, HomeTask, MainAction, NavEntry, PeriodicSweep

NAVIGATION = [
    NavEntry("check", "Check before contact", "checks:start", Action.CHECK_RUN, 10),
    NavEntry("check", "Your checks", "checks:mine", Action.CHECK_RUN, 20),
    NavEntry("check", "Team checks", "checks:team", Action.CHECK_TEAM_VIEW, 30),
    NavEntry("work", "Possible matches", "checks:possible_matches", Action.POSSIBLE_MATCH_RESOLVE, 40),
]

MAIN_ACTIONS = [MainAction("Check before contact", "checks:start", Action.CHECK_RUN, 10)]


def rate_limit_alerts(user: Any, council: Any) -> dict[str, Any]:
    """People or systems stopped for checking too fast (possible probing of the register)."""
    from safecontact.checks.selectors import rate_limit_alerts_for

    if not can(user, Action.CHECK_RATE_ALERT_VIEW, council):
        return {}
    return {"rate_limited": rate_limit_alerts_for(council=council)}


HOME_ALERTS = [rate_limit_alerts]


def possible_match_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    """Customer Relations' possible matches waiting for an answer (issue 15)."""
    from safecontact.checks.desk_selectors import reviews_open_count

    if council is not None and can(user, Action.POSSIBLE_MATCH_RESOLVE, council):
        waiting = reviews_open_count(council=council)
        if waiting:
            yield HomeTask("Possible matches to resolve", waiting, reverse("checks:possible_matches"))


HOME_TASKS = [possible_match_tasks]

# Signed callbacks to API clients that were not accepted are tried again as they fall due (issue 15).
PERIODIC_SWEEPS = [PeriodicSweep("check_callbacks", "safecontact.checks.callbacks.check_callbacks_deliver_due", 60)]

# The register's change log is needed only until every worker has caught up (issue 16): older rows go each day.
DAILY_STEPS = [DailyStep("register_changes", "safecontact.checks.register_version.register_changes_trim", 90)]
