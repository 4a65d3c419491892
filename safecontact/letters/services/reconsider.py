"""The daily run acts on the reconsider date of a decision not to tell the customer (domain R37): the
decision-maker and the entry's owner get an email with a link (never personal data), once per decision."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from uuid import UUID

from django.db import transaction
from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.services import audit_record
from safecontact.notifications.services import staff_email_queue
from safecontact.register.models import LIVE_STATUSES, Measure

logger = logging.getLogger(__name__)

SUBJECT = "A decision not to tell a customer about a register entry is due for reconsideration"


def notify_reconsider_daily(*, today: date) -> dict[str, int]:
    """For every decision not to tell whose reconsider date has arrived, remind once: a second run (the same
    day or later) sends nothing until the decision is made again. A failure on one entry is logged and
    counted; the others still go out."""
    from safecontact.letters.selectors import measures_reconsider_due

    counts: Counter[str] = Counter({"reconsider_reminders_sent": 0, "errors": 0})
    for council in Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("name"):
        for measure_id in measures_reconsider_due(council=council, today=today).values_list("pk", flat=True):
            try:
                counts["reconsider_reminders_sent"] += notify_reconsider_remind(measure_id=measure_id, today=today)
            except Exception:  # noqa: BLE001 - one entry's failure must not stop the others' reminders
                logger.exception("Reconsider reminder failed for measure %s", measure_id)
                counts["errors"] += 1
    return dict(counts)


@transaction.atomic
def notify_reconsider_remind(*, measure_id: UUID, today: date) -> int:
    """One entry, in its own transaction, under the entry's row lock (read only: nothing on the entry changes)
    so two runs at once send one email. A decision is known by when it was made and its reconsider date:
    a new decision not to tell earns a new reminder. The audit event is the record that it was sent."""
    measure = Measure.objects.select_for_update(of=("self",)).select_related("council", "owner", "notify_decided_by").get(pk=measure_id)
    if (measure.status not in LIVE_STATUSES or measure.notify_decision != Measure.Notify.WITHHELD
            or measure.notify_reconsider_on is None or measure.notify_reconsider_on > today):
        return 0
    decision = {"reconsider_on": measure.notify_reconsider_on.isoformat(),
                "decided_at": measure.notify_decided_at.isoformat() if measure.notify_decided_at else None}
    earlier = AuditEvent.objects.filter(event_type=EventType.MEASURE_NOTIFICATION_RECONSIDER_DUE, subject_id=str(measure.pk))
    if any({key: data.get(key) for key in decision} == decision for data in earlier.values_list("data", flat=True)):
        return 0
    deciders, owner = _recipients(measure)
    once = f"reconsider-due:{measure.pk}:{decision['decided_at']}:{decision['reconsider_on']}"
    staff_email_queue(council=measure.council, recipients=[user.email for user in deciders], subject=SUBJECT,
                      path=reverse("letters:notify_decision", kwargs={"measure_id": measure.pk}), key=f"{once}:decider")
    staff_email_queue(council=measure.council, recipients=[user.email for user in owner], subject=SUBJECT,
                      path=reverse("register:measure_detail", kwargs={"id": measure.pk}), key=f"{once}:owner")
    if not deciders:
        logger.warning("Reconsider date reached for measure %s but nobody can reconsider it", measure.pk)
    audit_record(actor=None, event=EventType.MEASURE_NOTIFICATION_RECONSIDER_DUE, council=measure.council, subject=measure,
                 data={**decision, "recipients": len(deciders) + len(owner)})
    return 1


def _recipients(measure: Measure) -> tuple[list[User], list[User]]:
    """The decision-maker who decided, while they may still decide (else the register managers), each with a
    link to reconsider; the entry's owner, if someone else, with a link to the entry."""
    from safecontact.accounts.selectors import role_holders

    council, decider = measure.council, measure.notify_decided_by
    if decider is not None and decider.is_active and can(decider, Action.NOTIFY_DECISION, council):
        deciders = [decider]
    else:
        deciders = role_holders(council=council, role=Role.REGISTER_MANAGER)
    owner = [measure.owner] if measure.owner.is_active and measure.owner not in deciders else []
    return deciders, owner
