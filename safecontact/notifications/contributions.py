"""What emails to staff add to the shell: the list in Administration, failed emails, the outbox sweeps."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, HomeTask, NavEntry, PeriodicSweep

NAVIGATION = [NavEntry("admin", "Emails to staff", "notifications:staff_email_list", Action.STAFF_EMAIL_VIEW, 80)]


def staff_email_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.notifications.selectors import staff_emails_failed_count

    if can(user, Action.STAFF_EMAIL_RETRY, council):
        failed = staff_emails_failed_count(council=council)
        if failed:
            yield HomeTask("Emails to staff that could not be sent", failed, reverse("notifications:staff_email_list") + "?show=failed")


HOME_TASKS = [staff_email_tasks]
DAILY_STEPS = [DailyStep("staff_emails", "safecontact.notifications.outbox.staff_emails_daily", 100)]
PERIODIC_SWEEPS = [PeriodicSweep("staff_emails", "safecontact.notifications.outbox.staff_emails_deliver_due", 60)]
