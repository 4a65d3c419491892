"""What subject access adds to the shell: the requests in Administration, and their deadlines on the DPO's home page."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import HomeTask, NavEntry

NAVIGATION = [NavEntry("admin", "Subject access requests", "subject_access:request_list", Action.SUBJECT_ACCESS_VIEW, 85)]
DUE_SOON_DAYS = 7


def subject_access_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    """The statutory clock (one month, R78): overdue requests, then those due within a week. The list is sorted by
    deadline, so the link shows the counted requests first."""
    from safecontact.subject_access.selectors import sar_due_counts

    if not can(user, Action.SUBJECT_ACCESS_VIEW, council):
        return
    overdue, soon = sar_due_counts(council=council, today=timezone.localdate(), within_days=DUE_SOON_DAYS)
    url = reverse("subject_access:request_list")
    if overdue:
        yield HomeTask("Subject access requests overdue", overdue, url)
    if soon:
        yield HomeTask(f"Subject access requests due within {DUE_SOON_DAYS} days", soon, url)


HOME_TASKS = [subject_access_tasks]
