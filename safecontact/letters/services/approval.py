"""Approval tells the customer (issue 11, R37): a decision-maker's approval makes the entry live and, in the same
transaction, prepares the customer's letter for a register officer to check and issue, or records the decision not to
tell them yet, with its reasons and reconsider date. Letters owns this step because the register may not depend on
letters; the register's own service still makes the entry live (`register.services.measure_approve`)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from safecontact.accounts.models import User
from safecontact.core.exceptions import ApplicationError
from safecontact.letters.models import Event, Letter
from safecontact.letters.services.letters import letter_create
from safecontact.letters.services.notification import measure_notification_decide
from safecontact.register.models import Measure
from safecontact.register.services import measure_approve


def entry_letter_event(measure: Measure) -> str:
    return Event.SAFETY_MARKER if measure.kind == Measure.Kind.SAFETY_MARKER else Event.CONTACT_RESTRICTION


def entry_letter_prepare(*, actor: User, measure: Measure) -> Letter | None:
    """The letter telling the customer about a live entry, unless it is about premises only, the customer is not to
    be told yet, or a letter about it is already prepared. Called inside the approving transaction."""
    if measure.person_id is None or measure.notify_decision == Measure.Notify.WITHHELD:
        return None
    event = entry_letter_event(measure)
    existing = Letter.objects.filter(measure=measure, event=event).first()
    if existing is not None:
        return existing
    return letter_create(actor=actor, council=measure.council, event=event, person=measure.person,  # type: ignore[arg-type]
                         measure=measure, decision=measure.decision)


@transaction.atomic
def measure_approve_and_tell(
    *, actor: User, measure: Measure, review_due: date | None = None, identity_override_reason: str = "", notify: bool = True,
    withheld_reasons: str = "", reconsider_on: date | None = None,
) -> tuple[Measure, Letter | None]:
    if not notify and not withheld_reasons.strip():  # refused before anything is approved
        raise ApplicationError("Say why telling the customer would create a risk to staff or others.", field="withheld_reasons")
    measure = measure_approve(actor=actor, measure=measure, review_due=review_due, identity_override_reason=identity_override_reason)
    if not notify and measure.person_id is not None:
        measure = measure_notification_decide(actor=actor, measure=measure, notify=False, reasons=withheld_reasons,
                                              reconsider_on=reconsider_on)
        return measure, None
    return measure, entry_letter_prepare(actor=actor, measure=measure)
