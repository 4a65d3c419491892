"""What governance adds to the shell: Governance Group meetings, entries awaiting its decision, interim lapses."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, DemoData, DemoStep, HomeTask, MainAction, NavEntry

NAVIGATION = [NavEntry("reviews", "Governance", "governance:meeting_list", Action.GOVERNANCE_VIEW, 30),
              NavEntry("reviews", "Register figures", "governance:dashboard", Action.GOVERNANCE_REPORT_VIEW, 35),
              NavEntry("reviews", "Annual policy review report", "governance:annual_report", Action.GOVERNANCE_ANNUAL_REPORT, 36)]

MAIN_ACTIONS = [MainAction("Governance Group meetings", "governance:meeting_list", Action.GOVERNANCE_VIEW, 55)]


def governance_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.governance import selectors

    if can(user, Action.GOVERNANCE_DECIDE, council) or can(user, Action.GOVERNANCE_MANAGE, council):
        waiting = selectors.items_awaiting_decision(council=council).count()
        if waiting:
            yield HomeTask("Entries awaiting the Governance Group's decision", waiting, reverse("governance:meeting_list"))
    if can(user, Action.GOVERNANCE_MANAGE, council):
        open_tasks = selectors.open_checklist_tasks(council=council).count()
        if open_tasks:
            yield HomeTask("Removed flags still to clear from other systems", open_tasks, reverse("governance:clearance_list"))


def seed(demo: DemoData) -> None:
    from safecontact.governance.demo import seed_governance

    seed_governance(council=demo.council, manager=demo.users["register-manager"])


HOME_TASKS = [governance_tasks]
DEMO_STEPS = [DemoStep("governance", seed, 60)]
DAILY_STEPS = [DailyStep("interim_lapse", "safecontact.governance.services.interim_lapse_daily", 20)]
