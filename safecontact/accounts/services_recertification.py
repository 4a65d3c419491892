"""The quarterly access check (R28 in issue 17; domain R43-R44, Peterborough's "untracked universal access").

Each quarter every line manager is given one task listing the roles their staff hold; they confirm each role or
remove it (through `role_assignment_revoke`, so a removal is the same event as any other). Managers who have not
finished are reminded by email after RECERTIFICATION_REMINDER_DAYS, and the DPO and system administrators are told
after RECERTIFICATION_ESCALATION_DAYS. The daily run starts the quarter's check in its first week; the DPO or a
system administrator can start it by hand at any time (once a quarter)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import (
    Organisation,
    RecertificationCampaign,
    RecertificationItem,
    RecertificationTask,
    RoleAssignment,
    User,
)
from safecontact.accounts.selectors import role_holders
from safecontact.accounts.services import role_assignment_revoke
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError

# The daily run starts a quarter's check only in the quarter's first days: a server switched on in mid-quarter does
# not surprise every manager with a check the council did not plan (the DPO can still start one by hand).
START_WINDOW_DAYS = 7


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _assignments_to_confirm(*, council: Organisation, today: date) -> list[RoleAssignment]:
    return list(
        RoleAssignment.objects.filter(council=council, status=RoleAssignment.Status.APPROVED, expires_on__gte=today,
                                      user__is_active=True)
        .select_related("user__line_manager").order_by("user__full_name", "role")
    )


@transaction.atomic
def recertification_start(*, actor: User | None, council: Organisation, today: date | None = None) -> RecertificationCampaign:
    """One task per line manager with a line for each live role their staff hold. `actor=None` is the daily run.
    Roles of people with no active line manager are counted in the audit event and shown on the progress page."""
    if actor is not None:
        require(actor, Action.RECERTIFICATION_MANAGE, council)
    today = today or timezone.localdate()
    start = quarter_start(today)
    if RecertificationCampaign.objects.select_for_update().filter(council=council, quarter_start=start).exists():
        raise ApplicationError("This quarter's access check has already started.")
    campaign = RecertificationCampaign(council=council, quarter_start=start, started_at=timezone.now(), started_by=actor)
    campaign.full_clean(validate_unique=False)  # looked up above; the unique index settles a race
    campaign.save()
    by_manager: dict[User, list[RoleAssignment]] = defaultdict(list)
    without_manager = 0
    for assignment in _assignments_to_confirm(council=council, today=today):
        manager = assignment.user.line_manager
        if manager is None or not manager.is_active:
            without_manager += 1
            continue
        by_manager[manager].append(assignment)
    for manager, assignments in by_manager.items():
        task = RecertificationTask.objects.create(council=council, campaign=campaign, manager=manager)
        RecertificationItem.objects.bulk_create(
            [RecertificationItem(council=council, task=task, assignment=assignment) for assignment in assignments])
        _email(council=council, recipients=[manager.email], key=f"recertification:{task.pk}:start",
               subject="Confirm the roles your staff hold in Safe Contact", task=task)
    audit_record(actor=actor, event=EventType.RECERTIFICATION_STARTED, council=council, subject=campaign,
                 data={"tasks": len(by_manager), "roles": sum(len(a) for a in by_manager.values()),
                       "without_manager": without_manager})
    return campaign


def _email(*, council: Organisation, recipients: list[str], key: str, subject: str, task: RecertificationTask | None = None) -> None:
    from safecontact.notifications.services import staff_email_queue

    path = reverse("accounts:recertification_task", args=[task.pk]) if task is not None else reverse("accounts:recertification_progress")
    staff_email_queue(council=council, recipients=recipients, subject=subject, path=path, key=key)


def _finish_if_done(task: RecertificationTask) -> None:
    undecided = task.items.filter(decision="", assignment__status=RoleAssignment.Status.APPROVED).exists()
    if not undecided and task.completed_at is None:
        task.completed_at = timezone.now()
        task.save(update_fields=["completed_at", "updated_at"])


@transaction.atomic
def recertification_decide(*, actor: User, item: RecertificationItem, keep: bool, reason: str = "") -> RecertificationItem:
    """The line manager's answer for one role: still needed, or removed (with the reason, through the usual revocation)."""
    require(actor, Action.RECERTIFICATION_CONFIRM, item.council)
    item = RecertificationItem.objects.select_for_update().select_related("task", "assignment").get(pk=item.pk)
    if item.task.manager_id != actor.pk:
        raise ApplicationError("Only the line manager the check was sent to can answer it.")
    if item.decision:
        raise ApplicationError("This role has already been confirmed or removed.")
    if item.assignment.status != RoleAssignment.Status.APPROVED:
        raise ApplicationError("This role has already ended: there is nothing to confirm.")
    if keep:
        item.decision = RecertificationItem.Decision.CONFIRMED
    else:
        if not reason.strip():
            raise ApplicationError("Say why the role is no longer needed", field="reason")
        role_assignment_revoke(actor=actor, assignment=item.assignment, by_line_manager=True,
                               reason=f"Removed at the quarterly access check: {reason.strip()}")
        item.decision, item.note = RecertificationItem.Decision.REMOVED, reason.strip()
    item.decided_at = timezone.now()
    item.full_clean()
    item.save()
    event = EventType.RECERTIFICATION_CONFIRMED if keep else EventType.RECERTIFICATION_REMOVED
    audit_record(actor=actor, event=event, council=item.council, subject=item.assignment,
                 data={"task": str(item.task_id), "role": item.assignment.role})
    _finish_if_done(item.task)
    return item


def _overdue(*, days: int, flag: str, today: date) -> list[UUID]:
    since = timezone.now() - timedelta(days=days)
    return list(RecertificationTask.objects.filter(
        completed_at__isnull=True, campaign__quarter_start=quarter_start(today), campaign__started_at__lte=since,
        **{f"{flag}__isnull": True}).values_list("pk", flat=True))


@transaction.atomic
def _remind(*, task_id: UUID) -> bool:
    task = RecertificationTask.objects.select_for_update().select_related("manager", "council").get(pk=task_id)
    if task.reminded_at is not None or task.completed_at is not None:
        return False
    task.reminded_at = timezone.now()
    task.save(update_fields=["reminded_at", "updated_at"])
    _email(council=task.council, recipients=[task.manager.email], key=f"recertification:{task.pk}:reminder",
           subject="Reminder: confirm the roles your staff hold in Safe Contact", task=task)
    audit_record(actor=None, event=EventType.RECERTIFICATION_REMINDED, council=task.council, subject=task)
    return True


@transaction.atomic
def _escalate(*, task_id: UUID) -> bool:
    task = RecertificationTask.objects.select_for_update().select_related("council").get(pk=task_id)
    if task.escalated_at is not None or task.completed_at is not None:
        return False
    task.escalated_at = timezone.now()
    task.save(update_fields=["escalated_at", "updated_at"])
    recipients = [u.email for role in (Role.DPO, Role.SYSADMIN) for u in role_holders(council=task.council, role=role)]
    _email(council=task.council, recipients=recipients, key=f"recertification:{task.pk}:escalation",
           subject="A manager has not finished the quarterly access check")
    audit_record(actor=None, event=EventType.RECERTIFICATION_ESCALATED, council=task.council, subject=task)
    return True


def recertification_daily(*, today: date) -> dict[str, int]:
    """The daily run's step: start the quarter's check in its first week, then remind and escalate. Each record in
    its own transaction, so a second run the same day does nothing more."""
    counts = {"started": 0, "reminded": 0, "escalated": 0}
    start = quarter_start(today)
    if (today - start).days < START_WINDOW_DAYS:
        started = set(RecertificationCampaign.objects.filter(quarter_start=start).values_list("council_id", flat=True))
        # Only councils where some line manager has something to confirm: an empty check would tell nobody anything.
        with_roles = set(RoleAssignment.objects.filter(status=RoleAssignment.Status.APPROVED, expires_on__gte=today,
                                                       user__is_active=True, user__line_manager__is_active=True)
                         .values_list("council_id", flat=True))
        for council in Organisation.objects.filter(pk__in=with_roles - started, kind=Organisation.Kind.COUNCIL):
            try:
                recertification_start(actor=None, council=council, today=today)
            except ApplicationError:  # started by hand meanwhile
                continue
            counts["started"] += 1
    for task_id in _overdue(days=settings.RECERTIFICATION_REMINDER_DAYS, flag="reminded_at", today=today):
        counts["reminded"] += _remind(task_id=task_id)
    for task_id in _overdue(days=settings.RECERTIFICATION_ESCALATION_DAYS, flag="escalated_at", today=today):
        counts["escalated"] += _escalate(task_id=task_id)
    return counts
