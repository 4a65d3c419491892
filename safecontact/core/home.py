"""The "what needs you now" panel on each role's home page."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action


@dataclass(frozen=True)
class HomeTask:
    title: str
    count: int
    url: str


def home_tasks_for(request: HttpRequest) -> list[HomeTask]:
    from safecontact.accounts.selectors import new_starters_for, role_assignment_list_for

    user, council = request.user, request.council  # type: ignore[attr-defined]
    tasks: list[HomeTask] = []
    if can(user, Action.NEW_STARTER_DECIDE, council):  # type: ignore[arg-type]
        starters = new_starters_for(actor=user, council=council).count()  # type: ignore[arg-type]
        if starters:
            tasks.append(HomeTask("New starters awaiting your decision on register access", starters, reverse("accounts:new_starter_list")))
    if can(user, Action.ROLE_ASSIGNMENT_DECIDE, council):  # type: ignore[arg-type]
        waiting = role_assignment_list_for(actor=user, council=council, status="requested").count()  # type: ignore[arg-type]
        if waiting:
            tasks.append(HomeTask("Requests for access awaiting approval", waiting, reverse("accounts:role_assignment_list") + "?status=requested"))
    if can(user, Action.SIGN_IN_LOCKOUT_RELEASE, council):  # type: ignore[arg-type]
        from safecontact.accounts.selectors import sign_in_lockouts_for

        locked = len(sign_in_lockouts_for(council=council))
        if locked:
            tasks.append(HomeTask("Accounts locked after failed sign-ins", locked, reverse("accounts:lockout_list")))
    if can(user, Action.USER_INVITE, council):  # type: ignore[arg-type]
        from safecontact.accounts.selectors import invitations_expired_for

        expired = invitations_expired_for(council=council).count()  # type: ignore[arg-type]
        if expired:
            tasks.append(HomeTask("Invitations that expired before they were accepted", expired, reverse("accounts:user_list")))
    tasks += _report_and_decide_tasks(user, council)  # type: ignore[arg-type]
    tasks += _be_fair_tasks(user, council)  # type: ignore[arg-type]
    tasks += _review_and_forget_tasks(user, council)  # type: ignore[arg-type]
    return tasks


def home_alerts_for(request: HttpRequest) -> dict[str, Any]:
    """Warnings shown above the tasks: people or systems stopped for checking too fast (possible probing)."""
    from safecontact.checks.selectors import rate_limit_alerts_for

    user, council = request.user, request.council  # type: ignore[attr-defined]
    if not can(user, Action.CHECK_RATE_ALERT_VIEW, council):  # type: ignore[arg-type]
        return {}
    return {"rate_limited": rate_limit_alerts_for(council=council)}


def _report_and_decide_tasks(user, council) -> list[HomeTask]:  # type: ignore[no-untyped-def]
    """Report and decide (incidents, people, cases)."""
    from safecontact.incidents import selectors as incidents

    tasks: list[HomeTask] = []
    if can(user, Action.INCIDENT_REPORT, council):
        drafts = incidents.my_incidents_for(actor=user, council=council).filter(status="draft").count()
        if drafts:
            tasks.append(HomeTask("Your draft reports, not sent yet", drafts, reverse("incidents:my_reports")))
    if can(user, Action.INCIDENT_TRIAGE, council):
        queue = incidents.triage_queue_for(actor=user, council=council)
        waiting, late = queue.count(), incidents.late_for_triage(queue).count()
        if waiting:
            tasks.append(HomeTask("Incidents awaiting your triage", waiting, reverse("incidents:triage_queue")))
        if late:
            tasks.append(HomeTask("Late for triage", late, reverse("incidents:triage_queue") + "?show=late"))
    if can(user, Action.PERSON_EDIT, council):
        unlinked = incidents.unlinked_incidents_for(council=council).count()
        if unlinked:
            tasks.append(HomeTask("Incidents not yet linked to a person", unlinked, reverse("incidents:incident_list")))
    if can(user, Action.CASE_VIEW, council):
        referred = incidents.referred_incidents_for(council=council).count()
        if referred:
            tasks.append(HomeTask("Incidents referred for a decision", referred, reverse("cases:case_list")))
    tasks += _register_tasks(user, council)
    return tasks


def _register_tasks(user, council) -> list[HomeTask]:  # type: ignore[no-untyped-def]
    """Decide: decisions waiting for their entry, entries waiting for approval, interim markers near their lapse."""
    from safecontact.register import selectors as register

    tasks: list[HomeTask] = []
    if can(user, Action.MEASURE_PROPOSE, council):
        waiting = register.decisions_awaiting_proposal(council=council).count()
        if waiting:
            tasks.append(HomeTask("Decisions waiting for a register entry to be proposed", waiting, reverse("register:propose_start")))
    if can(user, Action.MEASURE_APPROVE, council):
        to_approve = register.awaiting_approval_for(actor=user, council=council).count()
        if to_approve:
            tasks.append(HomeTask("Register entries awaiting your approval", to_approve,
                                  reverse("register:measure_list") + "?status=awaiting_approval"))
        interim = register.interim_markers_unconfirmed(council=council).count()
        if interim:
            tasks.append(HomeTask("Interim safety markers waiting for a decision to confirm them", interim,
                                  reverse("register:measure_list") + "?status=interim"))
    return tasks


def _be_fair_tasks(user, council) -> list[HomeTask]:  # type: ignore[no-untyped-def]
    """Be fair (letters, appeals)."""
    from safecontact.appeals import selectors as appeals
    from safecontact.letters import selectors as letters

    tasks: list[HomeTask] = []
    if can(user, Action.LETTER_ISSUE, council):
        failed = letters.letter_list_for(actor=user, council=council, status="failed").count()
        if failed:
            tasks.append(HomeTask("Letters that could not be sent", failed, reverse("letters:outbox") + "?status=failed"))
        drafts = letters.letter_list_for(actor=user, council=council, status="draft").count()
        if drafts:
            tasks.append(HomeTask("Letters prepared but not issued", drafts, reverse("letters:outbox") + "?status=draft"))
    tasks += _telling_the_customer_tasks(user, council)
    if can(user, Action.APPEAL_ASSIGN, council):
        waiting = appeals.appeal_list_for(actor=user, council=council).filter(status="received").count()
        if waiting:
            tasks.append(HomeTask("Appeals waiting for an appeals officer", waiting, reverse("appeals:appeal_list")))
        late = appeals.appeal_list_for(actor=user, council=council, show="late").exclude(status="decided").count()
        if late:
            tasks.append(HomeTask("Late appeals to decide whether to hear", late, reverse("appeals:appeal_list") + "?show=late"))
    if can(user, Action.APPEAL_DECIDE, council):
        mine = appeals.appeal_list_for(actor=user, council=council).filter(appeals_officer=user).count()
        if mine:
            tasks.append(HomeTask("Appeals assigned to you", mine, reverse("appeals:appeal_list")))
    if can(user, Action.APPEAL_VIEW, council):
        overdue = appeals.appeal_list_for(actor=user, council=council, show="overdue").count()
        if overdue:
            tasks.append(HomeTask("Appeals past their decision target", overdue, reverse("appeals:appeal_list") + "?show=overdue"))
    return tasks


def _telling_the_customer_tasks(user, council) -> list[HomeTask]:  # type: ignore[no-untyped-def]
    """Be fair: customers not told about their entry, and decisions not to tell whose reconsider date has come (R37)."""
    from django.utils import timezone

    from safecontact.letters import selectors as letters

    tasks: list[HomeTask] = []
    if not can(user, Action.NOTIFY_FOLLOW_UP, council):
        return tasks
    not_told = letters.measures_not_told_for(actor=user, council=council).count()
    if not_told:
        tasks.append(HomeTask("Live entries: the customer has not been told", not_told, reverse("letters:not_told") + "#not-told"))
    reconsider = letters.measures_reconsider_due_for(actor=user, council=council, today=timezone.localdate()).count()
    if reconsider:
        tasks.append(HomeTask("Decisions not to tell the customer due for reconsideration", reconsider,
                              reverse("letters:not_told") + "#reconsider"))
    return tasks


def _review_and_forget_tasks(user, council) -> list[HomeTask]:  # type: ignore[no-untyped-def]
    """Review and forget (reviews, governance, retention, policy). Each app adds its own lines below."""
    tasks: list[HomeTask] = []
    # --- Review and forget: reviews ---
    from safecontact.reviews.selectors import reviews_home_tasks

    tasks += [HomeTask(title, count, reverse(url_name) + query) for title, count, url_name, query in reviews_home_tasks(actor=user, council=council)]
    # --- Review and forget: governance ---
    from safecontact.governance import selectors as governance

    if can(user, Action.GOVERNANCE_DECIDE, council) or can(user, Action.GOVERNANCE_MANAGE, council):
        waiting = governance.items_awaiting_decision(council=council).count()
        if waiting:
            tasks.append(HomeTask("Entries awaiting the Governance Group's decision", waiting, reverse("governance:meeting_list")))
    if can(user, Action.GOVERNANCE_MANAGE, council):
        open_tasks = governance.open_checklist_tasks(council=council).count()
        if open_tasks:
            tasks.append(HomeTask("Removed flags still to clear from other systems", open_tasks, reverse("governance:clearance_list")))
    # --- Review and forget: retention ---
    if can(user, Action.RETENTION_VIEW, council):
        from django.utils import timezone

        from safecontact.retention.selectors import legal_hold_list_for, retention_plan

        due = sum(count for _, count in retention_plan(council=council, today=timezone.localdate()))
        if due:
            tasks.append(HomeTask("Records due for disposal at the next daily run", due, reverse("retention:overview")))
        holds = legal_hold_list_for(council=council).count()
        if holds:
            tasks.append(HomeTask("Legal holds in force (records kept past their time)", holds, reverse("retention:overview")))
    # --- Review and forget: policy and jobs ---
    if can(user, Action.STAFF_EMAIL_RETRY, council):
        from safecontact.notifications.selectors import staff_emails_failed_count

        failed = staff_emails_failed_count(council=council)
        if failed:
            tasks.append(HomeTask("Emails to staff that could not be sent", failed,
                                  reverse("notifications:staff_email_list") + "?show=failed"))
    return tasks
