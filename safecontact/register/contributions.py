"""What the register adds to the shell: the Register area, decisions and approvals waiting, the demo register."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, DemoData, DemoStep, HomeTask, NavEntry

NAVIGATION = [NavEntry("register", "Register entries", "register:measure_list", Action.REGISTER_VIEW, 10)]


def register_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    """Decisions waiting for their entry, entries waiting for approval, interim markers near their lapse."""
    from safecontact.register import selectors

    if can(user, Action.MEASURE_PROPOSE, council):
        waiting = selectors.decisions_awaiting_proposal(council=council).count()
        if waiting:
            yield HomeTask("Decisions waiting for a register entry to be proposed", waiting, reverse("register:propose_start"))
    if can(user, Action.MEASURE_APPROVE, council):
        to_approve = selectors.awaiting_approval_for(actor=user, council=council).count()
        if to_approve:
            yield HomeTask("Register entries awaiting your approval", to_approve,
                           reverse("register:measure_list") + "?status=awaiting_approval")
        interim = selectors.interim_markers_unconfirmed(council=council).count()
        if interim:
            yield HomeTask("Interim safety markers waiting for a decision to confirm them", interim,
                           reverse("register:measure_list") + "?status=interim")


def seed(demo: DemoData) -> None:
    from safecontact.register.demo import seed_register

    seed_register(council=demo.council, officer=demo.users["officer"], approver=demo.users["decision-maker"],
                  reporter=demo.users["staff"], partner=demo.organisations["partner"])


HOME_TASKS = [register_tasks]
DEMO_STEPS = [DemoStep("register", seed, 10)]
DAILY_STEPS = [DailyStep("import_uploads", "safecontact.register.services_import_jobs.import_uploads_prune", 70)]
