"""What staff and access management adds to the shell: the Administration area and its home-page tasks."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, DemoData, DemoStep, HomeTask, MainAction, NavEntry

NAVIGATION = [
    NavEntry("admin", "Staff", "accounts:user_list", Action.USER_LIST, 10),
    NavEntry("admin", "Access and roles", "accounts:role_assignment_list", Action.ROLE_ASSIGNMENT_LIST, 20),
    NavEntry("admin", "Sharing agreements", "accounts:sharing_agreement_list", Action.SHARING_AGREEMENT_LIST, 30),
    NavEntry("admin", "Council settings", "accounts:council_settings", Action.COUNCIL_SETTINGS_VIEW, 40),
    NavEntry("admin", "Locked accounts", "accounts:lockout_list", Action.SIGN_IN_LOCKOUT_RELEASE, 60),
    NavEntry("admin", "Councils", "accounts:council_list", Action.COUNCIL_SETUP, 70),
    NavEntry("admin", "Quarterly access check", "accounts:recertification_progress", Action.RECERTIFICATION_MANAGE, 25),
]

MAIN_ACTIONS = [MainAction("Invite someone", "accounts:user_invite", Action.USER_INVITE, 40)]


def access_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.accounts import selectors

    if can(user, Action.NEW_STARTER_DECIDE, council):
        starters = selectors.new_starters_for(actor=user, council=council).count()
        if starters:
            yield HomeTask("New starters awaiting your decision on register access", starters, reverse("accounts:new_starter_list"))
    if can(user, Action.ROLE_ASSIGNMENT_DECIDE, council):
        waiting = selectors.role_assignment_list_for(actor=user, council=council, status="requested").count()
        if waiting:
            yield HomeTask("Requests for access awaiting approval", waiting, reverse("accounts:role_assignment_list") + "?status=requested")
    if can(user, Action.SIGN_IN_LOCKOUT_RELEASE, council):
        locked = len(selectors.sign_in_lockouts_for(council=council))
        if locked:
            yield HomeTask("Accounts locked after failed sign-ins", locked, reverse("accounts:lockout_list"))
    if can(user, Action.USER_INVITE, council):
        expired = selectors.invitations_expired_for(council=council).count()
        if expired:
            yield HomeTask("Invitations that expired before they were accepted", expired, reverse("accounts:user_list") + "?invitations=expired")



def recertification_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    """The quarterly access check (R28 in issue 17): a manager's own roles to confirm; for the DPO and system
    administrators, the managers who are late."""
    from safecontact.accounts import selectors_recertification as recertification

    if can(user, Action.RECERTIFICATION_CONFIRM, council):
        for task, waiting in recertification.recertification_open_tasks_for(actor=user, council=council):
            yield HomeTask("Roles your staff hold to confirm (quarterly access check)", waiting,
                           reverse("accounts:recertification_task", args=[task.pk]))
    if can(user, Action.RECERTIFICATION_MANAGE, council):
        late = len(recertification.recertification_progress(council=council).overdue)
        if late:
            yield HomeTask("Managers late with the quarterly access check", late, reverse("accounts:recertification_progress"))


HOME_TASKS = [access_tasks, recertification_tasks]


def seed(demo: DemoData) -> None:
    from safecontact.accounts.demo import SECOND_COUNCIL_SIGN_IN, seed_customer_relations
    from safecontact.accounts.models import User

    second = User.objects.filter(email=SECOND_COUNCIL_SIGN_IN[0]).select_related("organisation").first()
    seed_customer_relations(council=demo.council, second=second.organisation if second else None)


DEMO_STEPS = [DemoStep("customer_relations_contact", seed, 5)]
# The quarterly access check: started in a quarter's first week, then reminders and escalations (R28 in issue 17).
DAILY_STEPS = [DailyStep("recertification", "safecontact.accounts.services_recertification.recertification_daily", 75)]
