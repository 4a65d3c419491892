"""The possible-match desk (issue 15): writes. A *possible match* opens a work item for Customer Relations, due before
the planned contact; an officer answers *same person* or *not the same person*; the checker is told (link only).
A *not the same person* answer is remembered for that exact identity against that entry until the entry changes,
so that the same person is not bounced to Customer Relations again (alarm fatigue, G16)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Model, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from safecontact import matching
from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import council_settings_for
from safecontact.audit.events import EventType
from safecontact.audit.services import AuditEntry, audit_record, audit_records
from safecontact.checks.models import Check, NotSamePerson, PossibleMatchReview
from safecontact.core.exceptions import ApplicationError
from safecontact.notifications.services import staff_email_queue

if TYPE_CHECKING:
    from safecontact.checks.matcher import MeasureMatch

DEFAULT_SAME_DAY_HOURS = 2
ANSWERED_SUBJECT = "Customer Relations has answered your possible match"


def identity_key(*, name: str, date_of_birth: date | None, postcode: str, address: str, uprn: str) -> str:
    """The exact identity a *not the same person* answer is about, normalised so that "o'brien" and "O'Brien" agree,
    hashed so that the memory holds no readable personal data."""
    parts = [
        " ".join(sorted(matching.normalise_name(name).split())) if name.strip() else "",
        date_of_birth.isoformat() if date_of_birth else "",
        (matching.normalise_postcode(postcode) or "") if postcode.strip() else "",
        " ".join(re.findall(r"[a-z0-9]+", address.lower())),
        uprn.strip().lstrip("0"),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def check_identity(check: Check) -> str:
    return identity_key(name=check.query_name, date_of_birth=check.query_date_of_birth, postcode=check.query_postcode,
                        address=check.query_address, uprn=check.query_uprn)


REMEMBERED_AT = "not_same_person_at"  # the annotation remembered_annotations adds to each measure


def remembered_annotations(*, council_id: Any, identity: str) -> dict[str, Subquery]:
    """For the check's own query of the measures (find_matches): each one's remembered answer for this identity,
    read with them instead of in a query of its own (issue 16)."""
    answers = NotSamePerson.objects.filter(council_id=council_id, identity=identity, measure_id=OuterRef("pk"))
    return {REMEMBERED_AT: Subquery(answers.values("measure_updated_at")[:1])}


def without_remembered(*, council: Organisation, identity: str, matches: list[MeasureMatch]) -> tuple[list[MeasureMatch], list[str]]:
    """The matches left once entries already answered *not the same person* for this identity are taken out, and the
    ids of those taken out. A memory lapses when its entry has changed since the answer (its `updated_at` moved).
    Read from the measures' annotation where they came with it (remembered_annotations), else in one query."""
    if not matches:
        return matches, []
    if all(REMEMBERED_AT in m.measure.__dict__ for m in matches):
        memories = {m.measure.pk: m.measure.__dict__[REMEMBERED_AT] for m in matches}
    else:
        memories = dict(NotSamePerson.objects.filter(council=council, identity=identity, measure_id__in=[m.measure.pk for m in matches])
                        .values_list("measure_id", "measure_updated_at"))
    remembered = [m for m in matches if memories.get(m.measure.pk) == m.measure.updated_at]  # updated_at is never None
    ids = {m.measure.pk for m in remembered}
    return [m for m in matches if m.measure.pk not in ids], [str(pk) for pk in ids]


def review_due_at(*, council: Organisation, planned_for: date | None, now: datetime | None = None) -> datetime:
    """Before the planned contact: a contact today (or with no date) within the council's same-day hours; a later
    contact by the start of its day, and never sooner than the same-day target."""
    now = now or timezone.now()
    hours = council_settings_for(council=council).possible_match_same_day_hours or DEFAULT_SAME_DAY_HOURS
    soonest = now + timedelta(hours=hours)
    if planned_for is None or planned_for <= timezone.localdate(now):
        return soonest
    return max(soonest, timezone.make_aware(datetime.combine(planned_for, time.min)))


def review_open(*, actor: Any, check: Check, audit_first: Sequence[AuditEntry] = (),
                insert_first: Sequence[Model] = ()) -> PossibleMatchReview:
    """Called by check_run, inside its transaction, for every *possible match*. Every field comes from the check,
    so there is nothing to validate that the table's constraints do not hold: no full_clean, whose checks of the
    council, the constraint and the one-to-one cost three queries per possible match (issue 16). The caller's new
    rows (`insert_first`: check_run's check and its measures, when not yet written) go in the same statement as the
    work item and the lock of the audit chain (`audit_records`), and its events (`audit_first`) under that lock."""
    review = PossibleMatchReview(council=check.council, source_check=check,
                                 due_at=review_due_at(council=check.council, planned_for=check.planned_for))
    audit_records(actor=actor, council=check.council, insert_first=[*insert_first, review], events=[*audit_first, (
        EventType.POSSIBLE_MATCH_OPENED, review, {"check": str(check.pk), "due_at": review.due_at.isoformat()})])
    return review


def check_answered_from_memory(*, actor: Any, council: Organisation, check: Check, measure_ids: list[str]) -> None:
    audit_record(actor=actor, event=EventType.POSSIBLE_MATCH_REMEMBERED, council=council, subject=check,
                 data={"measures": measure_ids})


@transaction.atomic
def possible_match_resolve(*, actor: User, council: Organisation, review_id: Any, decision: str, note: str = "") -> PossibleMatchReview:
    require(actor, Action.POSSIBLE_MATCH_RESOLVE, council)
    if decision not in (PossibleMatchReview.Status.SAME_PERSON, PossibleMatchReview.Status.NOT_SAME_PERSON):
        raise ApplicationError("Choose whether the check is about the person on the register.", field="decision")
    # Locked and read again: two officers answering at once must not both answer (the second is told).
    review = (PossibleMatchReview.objects.select_for_update(of=("self",)).select_related("source_check", "source_check__checker")
              .filter(pk=review_id, council=council).first())
    if review is None:
        raise ApplicationError("This possible match does not exist.")
    if review.status != PossibleMatchReview.Status.OPEN:
        raise ApplicationError("Someone in Customer Relations has already answered this possible match.")
    now = timezone.now()
    review.status, review.resolved_by, review.resolved_at, review.note = decision, actor, now, note.strip()[:2000]
    review.full_clean(exclude=["source_check"])
    review.save()
    check = review.source_check
    if decision == PossibleMatchReview.Status.NOT_SAME_PERSON:
        identity = check_identity(check)
        for measure in check.measures.all():
            NotSamePerson.objects.update_or_create(
                measure=measure, identity=identity,
                defaults={"council": council, "measure_updated_at": measure.updated_at, "review": review})
    audit_record(actor=actor, event=EventType.POSSIBLE_MATCH_RESOLVED, council=council, subject=review, data={
        "check": str(check.pk), "decision": decision,
        "minutes_to_answer": round((now - review.created_at).total_seconds() / 60), "on_time": now <= review.due_at})
    if check.api_client_id:
        from safecontact.checks.callbacks import callback_queue
        from safecontact.checks.presenters import answer_shape, result_for  # presenters build on services, which call here

        callback_queue(check=check, answer=answer_shape(result_for(check)))
    if check.checker is not None:
        staff_email_queue(council=council, recipients=[check.checker.email], subject=ANSWERED_SUBJECT,
                          path=reverse("checks:result", args=[check.pk]), key=f"possible-match-answered:{review.pk}")
    return review
