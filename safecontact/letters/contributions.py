"""What letters add to the shell: the letters outbox, letters to send or resend, customers not yet told."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.core.contributions import DailyStep, HomeTask, NavEntry, PeriodicSweep

NAVIGATION = [NavEntry("letters", "Letters", "letters:outbox", Action.LETTER_VIEW, 10)]


def letter_tasks(user: Any, council: Any) -> Iterable[HomeTask]:
    from safecontact.letters import selectors

    if can(user, Action.LETTER_ISSUE, council):
        failed = selectors.letter_list_for(actor=user, council=council, status="failed").count()
        if failed:
            yield HomeTask("Letters that could not be sent", failed, reverse("letters:outbox") + "?status=failed")
        drafts = selectors.letter_list_for(actor=user, council=council, status="draft").count()
        if drafts:
            yield HomeTask("Letters prepared but not issued", drafts, reverse("letters:outbox") + "?status=draft")
    if can(user, Action.NOTIFY_FOLLOW_UP, council):  # customers not told, and decisions not to tell due again (R37)
        not_told = selectors.measures_not_told_for(actor=user, council=council).count()
        if not_told:
            yield HomeTask("Live entries: the customer has not been told", not_told, reverse("letters:not_told") + "#not-told")
        reconsider = selectors.measures_reconsider_due_for(actor=user, council=council, today=timezone.localdate()).count()
        if reconsider:
            yield HomeTask("Decisions not to tell the customer due for reconsideration", reconsider,
                           reverse("letters:not_told") + "#reconsider")


HOME_TASKS = [letter_tasks]
DAILY_STEPS = [DailyStep("notify_reconsider", "safecontact.letters.services.reconsider.notify_reconsider_daily", 30)]
PERIODIC_SWEEPS = [PeriodicSweep("letters", "safecontact.letters.services.outbox.letters_deliver_due", 120)]
