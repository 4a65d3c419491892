"""What appeals add to the shell: the appeals list, appeals waiting for an officer or past their target, demo letters."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DemoData, DemoStep, HomeTask, MainAction, NavEntry

NAVIGATION = [NavEntry("letters", "Appeals", "appeals:appeal_list", Action.APPEAL_VIEW, 20)]

MAIN_ACTIONS = [MainAction("Open appeals", "appeals:appeal_list", Action.APPEAL_VIEW, 50)]


def appeal_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.appeals import selectors

    # Each count is the list's own filter, so that its link shows exactly these.
    if can(user, Action.APPEAL_ASSIGN, council):
        waiting = selectors.appeal_list_for(actor=user, council=council, show="waiting").count()
        if waiting:
            yield HomeTask("Appeals waiting for an appeals officer", waiting, reverse("appeals:appeal_list") + "?show=waiting")
        late = selectors.appeal_list_for(actor=user, council=council, show="late").count()
        if late:
            yield HomeTask("Late appeals to decide whether to hear", late, reverse("appeals:appeal_list") + "?show=late")
    if can(user, Action.APPEAL_DECIDE, council):
        mine = selectors.appeal_list_for(actor=user, council=council, show="mine").count()
        if mine:
            yield HomeTask("Appeals assigned to you", mine, reverse("appeals:appeal_list") + "?show=mine")
    if can(user, Action.APPEAL_VIEW, council):
        overdue = selectors.appeal_list_for(actor=user, council=council, show="overdue").count()
        if overdue:
            yield HomeTask("Appeals past their decision target", overdue, reverse("appeals:appeal_list") + "?show=overdue")


def seed(demo: DemoData) -> None:
    from safecontact.appeals.demo import seed_letters_and_appeals

    seed_letters_and_appeals(council=demo.council, officer=demo.users["officer"], manager=demo.users["register-manager"])


HOME_TASKS = [appeal_tasks]
DEMO_STEPS = [DemoStep("letters_and_appeals", seed, 30)]
