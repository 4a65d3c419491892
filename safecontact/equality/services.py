"""Writes to equality monitoring answers (R77): only by the register officer or the DPO, each change audited without
the answers themselves (the audit trail is read more widely than this table should be)."""

from __future__ import annotations

from django.db import transaction

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.equality.models import CHARACTERISTICS, EqualityRecord
from safecontact.people.models import Person


@transaction.atomic
def equality_record_save(*, actor: User, council: Organisation, person: Person, answers: dict[str, str]) -> EqualityRecord:
    require(actor, Action.EQUALITY_RECORD, council)
    if person.council_id != council.pk:
        raise ApplicationError("This person is not one of the council's customers.")
    unknown = set(answers) - set(CHARACTERISTICS)
    if unknown:
        raise ApplicationError(f"Unknown questions: {', '.join(sorted(unknown))}.")
    # One record per person: lock it (or the person, for the first answers) so two officers saving at once do not
    # both create one.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    record = EqualityRecord.objects.select_for_update().filter(person=person).first()
    created = record is None
    if record is None:
        record = EqualityRecord(council=council, person=person)
    changed = [name for name in CHARACTERISTICS if name in answers and getattr(record, name) != answers[name]]
    for name in changed:
        setattr(record, name, answers[name])
    record.recorded_by = actor
    record.full_clean()
    record.save()
    audit_record(actor=actor, event=EventType.EQUALITY_RECORDED, council=council, subject=record,
                 data={"created": created, "questions_changed": len(changed),
                       "questions_answered": sum(1 for name in CHARACTERISTICS if getattr(record, name))})
    return record
