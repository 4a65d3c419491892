"""Writes to the policy: draft a version, approve it under a recorded authority, remind about the annual review."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import role_holders
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.workdays import add_months
from safecontact.notifications.services import staff_email_queue
from safecontact.policies.models import POLICY_REVIEW_MAX_DAYS, PolicyVersion
from safecontact.policies.selectors import policy_review_overdue

TEXT_MAX = 200_000


def _validate(*, version: str, text: str) -> None:
    if not version.strip():
        raise ApplicationError("Enter the version number, for example 3.1.", field="version")
    if not text.strip():
        raise ApplicationError("Enter the text of the policy.", field="text")
    if len(text) > TEXT_MAX:
        raise ApplicationError(f"The policy text must be {TEXT_MAX:,} characters or fewer.", field="text")


@transaction.atomic
def policy_draft_save(
    *, actor: User, council: Organisation, version: str, title: str, text: str, change_summary: str = "",
    draft: PolicyVersion | None = None,
) -> PolicyVersion:
    """Creates a draft or updates one. An approved version is never edited: draft a new one."""
    require(actor, Action.POLICY_EDIT, council)
    _validate(version=version, text=text)
    if draft is not None and draft.status != PolicyVersion.Status.DRAFT:
        raise ApplicationError("An approved version cannot be changed. Draft a new version instead.")
    policy = draft or PolicyVersion(council=council, drafted_by=actor)
    policy.version, policy.title, policy.text, policy.change_summary = version.strip(), title.strip() or policy.title, text, change_summary
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError as error:
        raise ApplicationError(f"Version {version.strip()} already exists. Choose another number.", field="version") from error
    audit_record(actor=actor, event=EventType.POLICY_DRAFT_SAVED, council=council, subject=policy, data={"version": policy.version})
    return policy


@transaction.atomic
def policy_approve(
    *, actor: User, policy: PolicyVersion, authority: str, effective_from: date, next_review_due: date | None = None,
) -> PolicyVersion:
    require(actor, Action.POLICY_APPROVE, policy.council)
    if policy.status != PolicyVersion.Status.DRAFT:
        raise ApplicationError("This version is already approved.")
    if not authority.strip():
        raise ApplicationError("Say under what authority the policy is approved, for example 'Delegated to the Customer Services Manager'.",
                               field="authority")
    next_review_due = next_review_due or add_months(effective_from, 12)
    if next_review_due <= effective_from or (next_review_due - effective_from).days > POLICY_REVIEW_MAX_DAYS:
        raise ApplicationError("The next review must fall after the effective date and within a year of it.", field="next_review_due")
    policy.status, policy.approved_by, policy.approved_at = PolicyVersion.Status.APPROVED, actor, timezone.now()
    policy.approval_authority, policy.effective_from, policy.next_review_due = authority.strip(), effective_from, next_review_due
    policy.save()
    audit_record(actor=actor, event=EventType.POLICY_APPROVED, council=policy.council, subject=policy,
                 data={"version": policy.version, "effective_from": effective_from.isoformat()})
    return policy


def policies_daily(*, today: date) -> dict[str, int]:
    """Tells each council's register managers, once per version, that the annual review date has passed (R3)."""
    reminded = 0
    for council in Organisation.objects.filter(policy_versions__status=PolicyVersion.Status.APPROVED).distinct():
        with transaction.atomic():
            overdue = policy_review_overdue(council=council, on=today)
            if overdue is None or overdue.review_reminder_sent_on is not None:
                continue
            overdue = PolicyVersion.objects.select_for_update().get(pk=overdue.pk)
            if overdue.review_reminder_sent_on is not None:
                continue
            overdue.review_reminder_sent_on = today
            overdue.save(update_fields=["review_reminder_sent_on", "updated_at"])
            staff_email_queue(council=council, recipients=[u.email for u in role_holders(council=council, role=Role.REGISTER_MANAGER)],
                              subject="The annual review of the behaviour policy is due", path=reverse("policies:version_list"),
                              key=f"policy-review-due:{overdue.pk}")
            audit_record(actor=None, event=EventType.POLICY_REVIEW_REMINDED, council=council, subject=overdue, data={"version": overdue.version})
            reminded += 1
    return {"policy_review_reminders": reminded}
