"""Whether the customer is told about a measure (domain R37): telling them is the default; not
telling needs reasons (a risk to staff or others) and a date to reconsider."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.register.models import Measure
from safecontact.register.services import measure_lock

RECONSIDER_MAX_DAYS = 92


@transaction.atomic
def measure_notification_decide(*, actor: User, measure: Measure, notify: bool, reasons: str = "", reconsider_on: date | None = None) -> Measure:
    require(actor, Action.NOTIFY_DECISION, measure.council)
    measure = measure_lock(measure=measure)
    today = timezone.localdate()
    if notify:
        measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on = Measure.Notify.NOTIFY, "", None
    else:
        if not reasons.strip():
            raise ApplicationError("Say why telling the customer would create a risk to staff or others.", field="reasons")
        if reconsider_on is None or reconsider_on <= today:
            raise ApplicationError("Choose a date in the future to reconsider.", field="reconsider_on")
        if (reconsider_on - today).days > RECONSIDER_MAX_DAYS:
            raise ApplicationError("Reconsider within three months.", field="reconsider_on")
        measure.notify_decision, measure.notify_withheld_reasons = Measure.Notify.WITHHELD, reasons.strip()
        measure.notify_reconsider_on = reconsider_on
    measure.notify_decided_by, measure.notify_decided_at = actor, timezone.now()
    measure.save(update_fields=["notify_decision", "notify_withheld_reasons", "notify_reconsider_on", "notify_decided_by",
                                "notify_decided_at", "updated_at"])
    audit_record(actor=actor, event=EventType.MEASURE_NOTIFICATION_DECIDED, council=measure.council, subject=measure,
                 data={"notify": notify, "reconsider_on": reconsider_on.isoformat() if reconsider_on and not notify else None})
    return measure
