"""Whether the customer is told about a measure (domain R37): telling them is the default; not
telling needs reasons (a risk to staff or others) and a date to reconsider."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import User
from safecontact.core.exceptions import ApplicationError
from safecontact.register.models import Measure
from safecontact.register.services import measure_lock
from safecontact.register.services_terms import measure_notification_set

RECONSIDER_MAX_DAYS = 92


@transaction.atomic
def measure_notification_decide(*, actor: User, measure: Measure, notify: bool, reasons: str = "", reconsider_on: date | None = None) -> Measure:
    require(actor, Action.NOTIFY_DECISION, measure.council)
    measure = measure_lock(measure=measure)
    today = timezone.localdate()
    if not notify:
        if not reasons.strip():
            raise ApplicationError("Say why telling the customer would create a risk to staff or others.", field="reasons")
        if reconsider_on is None or reconsider_on <= today:
            raise ApplicationError("Choose a date in the future to reconsider.", field="reconsider_on")
        if (reconsider_on - today).days > RECONSIDER_MAX_DAYS:
            raise ApplicationError("Reconsider within three months.", field="reconsider_on")
    # The register owns the measure (issue 11, "one owner"): it writes the decision and its event.
    return measure_notification_set(actor=actor, measure=measure, notify=notify, withheld_reasons=reasons.strip(),
                                    reconsider_on=reconsider_on)
