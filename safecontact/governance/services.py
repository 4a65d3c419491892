"""Writes for the Governance Group: plan a meeting, build its agenda, record a decision per entry
(removal ends the entry, opens its checklist and prepares the removal letter), tick the checklist.

Every ending of a register entry clears everywhere (issue 11): Governance Group removal, appeal overturned and
the interim marker's lapse (the daily run) all open the same checklist through `clearance_open`."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import can, require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.governance import selectors
from safecontact.governance.models import AgendaItem, ChecklistTask, Meeting
from safecontact.letters.models import Event, Letter
from safecontact.letters.selectors import measure_customer_told
from safecontact.letters.services import letter_create
from safecontact.register.models import LIVE_STATUSES, Measure
from safecontact.register.services import measure_end, measure_lock
from safecontact.register.services_interim import interim_marker_lapse, interim_markers_lapsed

logger = logging.getLogger(__name__)

REASONS_MAX = 5000
LAPSE_LETTER_REASONS = ("The urgent safety marker we put in place was temporary. It was not confirmed within its time "
                        "limit, so it has ended.")


def _check_members(*, council: Organisation, members: list[User]) -> None:
    for member in members:
        if not can(member, Action.GOVERNANCE_DECIDE, council):
            raise ApplicationError(f"{member.full_name} is not a member of the Governance Group.", field="members_present")


@transaction.atomic
def meeting_create(*, actor: User, council: Organisation, held_on: date, members_present: list[User] | None = None,
                   notes: str = "") -> Meeting:
    require(actor, Action.GOVERNANCE_MANAGE, council)
    members = list(members_present or [])
    _check_members(council=council, members=members)
    meeting = Meeting(council=council, held_on=held_on, notes=notes.strip(), created_by=actor,
                      reference=next_reference(model=Meeting, council=council, prefix="GG"))
    meeting.full_clean()
    meeting.save()
    meeting.members_present.set(members)
    audit_record(actor=actor, event=EventType.GOVERNANCE_MEETING_CREATED, council=council, subject=meeting,
                 data={"held_on": held_on.isoformat(), "members": [str(m.pk) for m in members]})
    return meeting


@transaction.atomic
def meeting_update(*, actor: User, meeting: Meeting, held_on: date, status: str, members_present: list[User],
                   notes: str = "") -> Meeting:
    """Change the date or record who was present; a meeting is recorded as held only on or after its date."""
    council = meeting.council
    require(actor, Action.GOVERNANCE_MANAGE, council)
    if status not in Meeting.Status.values:
        raise ApplicationError("Choose whether the meeting is planned or held.", field="status")
    if status == Meeting.Status.HELD and held_on > timezone.localdate():
        raise ApplicationError("A meeting can be recorded as held only on or after its date.", field="status")
    if status == Meeting.Status.HELD and not members_present:
        raise ApplicationError("Choose the members present.", field="members_present")
    _check_members(council=council, members=members_present)
    meeting.held_on, meeting.status, meeting.notes = held_on, status, notes.strip()
    meeting.full_clean()
    meeting.save()
    meeting.members_present.set(members_present)
    audit_record(actor=actor, event=EventType.GOVERNANCE_MEETING_UPDATED, council=council, subject=meeting,
                 data={"held_on": held_on.isoformat(), "status": status, "members": [str(m.pk) for m in members_present]})
    return meeting


def _sources(meeting: Meeting) -> list[tuple[Measure, str, Any]]:
    """(measure, reason, review) from the three sources plus what earlier meetings left undecided."""
    from safecontact.reviews import selectors as reviews

    council, today = meeting.council, timezone.localdate()
    previous = selectors.previous_meeting(meeting=meeting)
    since = previous.held_on if previous is not None else None
    rows: list[tuple[Measure, str, Any]] = []
    for review in reviews.reviews_recommending_removal(council=council, since=since):
        rows.append((review.measure, AgendaItem.Reason.RECOMMENDED_REMOVAL, review))
    for item in selectors.undecided_items_before(meeting=meeting):
        rows.append((item.measure, AgendaItem.Reason.CARRIED_FORWARD, item.review))
    for measure in reviews.overdue_measures(council=council, today=today):
        rows.append((measure, AgendaItem.Reason.REVIEW_OVERDUE, None))
    for measure in reviews.long_lived_measures(council=council, today=today):
        rows.append((measure, AgendaItem.Reason.LONG_LIVED, None))
    return [row for row in rows if row[0].council_id == council.pk and row[0].is_live]


@transaction.atomic
def meeting_agenda_build(*, actor: User, meeting: Meeting) -> list[AgendaItem]:
    """Adds an item per live entry recommended for removal, overdue for review or live too long (and
    those earlier meetings left undecided). Idempotent: running it again adds only what is new and
    never changes a decided item."""
    council = meeting.council
    require(actor, Action.GOVERNANCE_MANAGE, council)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    existing = {item.measure_id: item for item in AgendaItem.objects.filter(meeting=meeting)}
    added: list[AgendaItem] = []
    for measure, reason, review in _sources(meeting):
        item = existing.get(measure.pk)
        if item is None:
            item = AgendaItem(meeting=meeting, measure=measure, reason=reason, review=review)
            item.full_clean(exclude=["review"])
            item.save()
            existing[measure.pk] = item
            added.append(item)
            continue
        if item.decision or reason == item.reason or reason in item.other_reasons:
            continue
        item.other_reasons = [*item.other_reasons, str(reason)]
        item.review = item.review or review
        item.save(update_fields=["other_reasons", "review", "updated_at"])
    meeting.agenda_built_at = timezone.now()
    meeting.save(update_fields=["agenda_built_at", "updated_at"])
    audit_record(actor=actor, event=EventType.GOVERNANCE_AGENDA_BUILT, council=council, subject=meeting,
                 data={"added": len(added), "items": len(existing)})
    return added


@transaction.atomic
def clearance_open(*, actor: User | None, measure: Measure, why: str, item: AgendaItem | None = None) -> list[ChecklistTask]:
    """Opens an ended entry's clear-everywhere checklist: a task per external system the council lists and a task
    per partner the entry was shared with. Called by every ending, inside its transaction, after its own permission
    check (`actor` is None for the daily run). Idempotent: an entry's checklist is opened once; a second call adds
    nothing and returns []. `item` is the Governance Group decision, when that was the ending."""
    measure = measure_lock(measure=measure)  # two endings at once open one checklist
    if measure.status != Measure.Status.ENDED:
        raise ApplicationError("Only an ended entry has a checklist of places to clear it from.")
    opened = AuditEvent.objects.filter(subject_type="register.measure", subject_id=str(measure.pk),
                                       event_type=EventType.GOVERNANCE_CLEARANCE_OPENED)
    if ChecklistTask.objects.filter(measure=measure).exists() or opened.exists():  # (an empty checklist was opened too)
        return []
    tasks = [ChecklistTask(measure=measure, item=item, system=system, label=system.label, owner=system.owner)
             for system in selectors.external_systems_for(council=measure.council)]
    tasks += [ChecklistTask(measure=measure, item=item, organisation=org, label=f"Copy held by {org.name}", owner=org.name)
              for org in measure.shared_with.order_by("name")]
    for task in tasks:
        task.full_clean()
        task.save()
    audit_record(actor=actor, event=EventType.GOVERNANCE_CLEARANCE_OPENED, council=measure.council, subject=measure,
                 data={"why": why.strip(), "ended_reason": measure.ended_reason, "tasks": len(tasks),
                       "item": str(item.pk) if item is not None else None})
    return tasks


def _removal_letter(*, actor: User, item: AgendaItem) -> Any:
    """The removal letter, prepared for an officer to issue; none when the entry is about premises
    only or the customer was never told about it (telling them now would disclose it)."""
    measure = item.measure
    if measure.person is None or measure.notify_decision == Measure.Notify.WITHHELD:
        return None
    return letter_create(actor=actor, council=measure.council, event=Event.REMOVAL, person=measure.person, measure=measure,
                         extra={"outcome": "removed", "outcome_reasons": item.decision_reasons})


@transaction.atomic
def agenda_item_decide(*, actor: User, item: AgendaItem, decision: str, reasons: str) -> AgendaItem:
    """Records the Governance Group's decision. Removal ends the entry at once (no check or API
    answer finds it after this commits), opens the checklist of places the flag was copied and
    prepares the removal letter."""
    council = item.meeting.council
    require(actor, Action.GOVERNANCE_DECIDE, council)
    item = AgendaItem.objects.select_for_update().select_related("meeting", "measure").get(pk=item.pk)
    if item.decision:
        raise ApplicationError("This entry has already been decided at this meeting.")
    if item.meeting.held_on > timezone.localdate():
        raise ApplicationError("Decisions are recorded at or after the meeting, not before it.")
    if decision not in AgendaItem.Decision.values:
        raise ApplicationError("Choose whether to remove or retain the entry.", field="decision")
    reasons = reasons.strip()
    if not reasons:
        raise ApplicationError("Give the reasons for the decision.", field="reasons")
    if len(reasons) > REASONS_MAX:
        raise ApplicationError(f"Keep the reasons under {REASONS_MAX} characters.", field="reasons")
    measure = measure_lock(measure=item.measure)
    if not measure.is_live:
        raise ApplicationError("The entry has already ended, so there is nothing to decide.")
    item.decision, item.decision_reasons, item.decided_by, item.decided_at = decision, reasons, actor, timezone.now()
    tasks: list[ChecklistTask] = []
    if decision == AgendaItem.Decision.REMOVE:
        # The group's own permission was checked above; the register's service records the end itself.
        item.measure = measure_end(actor=None, measure=measure, reason=f"Governance Group {item.meeting.reference}",
                                   ended_reason=Measure.EndedReason.REMOVED)
        tasks = clearance_open(actor=actor, measure=item.measure, why=f"Removed by the Governance Group at {item.meeting.reference}",
                               item=item)
        item.removal_letter = _removal_letter(actor=actor, item=item)
    item.full_clean()
    item.save()
    audit_record(actor=actor, event=EventType.GOVERNANCE_ITEM_DECIDED, council=council, subject=item,
                 data={"decision": decision, "measure": str(measure.pk), "meeting": str(item.meeting_id), "checklist": len(tasks),
                       "letter": str(item.removal_letter_id) if item.removal_letter_id else None})
    return item


@transaction.atomic
def checklist_task_update(*, actor: User, task: ChecklistTask, status: str) -> ChecklistTask:
    council = task.measure.council
    require(actor, Action.GOVERNANCE_MANAGE, council)
    task = ChecklistTask.objects.select_for_update().get(pk=task.pk)
    if status not in (ChecklistTask.Status.DONE, ChecklistTask.Status.NOT_NEEDED, ChecklistTask.Status.PENDING):
        raise ApplicationError("Choose whether the flag was removed there.", field="status")
    task.status = status
    task.done_by, task.done_at = (None, None) if status == ChecklistTask.Status.PENDING else (actor, timezone.now())
    task.full_clean()
    task.save()
    audit_record(actor=actor, event=EventType.GOVERNANCE_CHECKLIST_UPDATED, council=council, subject=task,
                 data={"status": status, "measure": str(task.measure_id), "item": str(task.item_id) if task.item_id else None})
    return task


# --- The interim marker's lapse (daily run) ---------------------------------------------------------------------

def interim_lapse_daily(*, today: date) -> dict[str, int]:
    """Ends every unconfirmed interim marker past its last day (checks already leave it out: `live_filter`), opens its
    checklist and prepares the customer's removal letter where they were told of it. One marker per transaction; a
    failure is logged and counted and the others still lapse. A second run finds nothing to do."""
    counts: Counter[str] = Counter({"lapsed": 0, "removal_letters": 0, "errors": 0})
    for measure in interim_markers_lapsed(today=today):
        try:
            ended = interim_lapse_record(measure=measure, today=today)
        except Exception:  # noqa: BLE001 - one marker's failure must not keep the others from lapsing
            logger.exception("Interim marker lapse failed for measure %s", measure.pk)
            counts["errors"] += 1
            continue
        if ended is not None:
            counts["lapsed"] += 1
            counts["removal_letters"] += int(ended.letter is not None)
    return dict(counts)


class Ended(NamedTuple):
    measure: Measure
    tasks: list[ChecklistTask]
    letter: Letter | None


@transaction.atomic
def interim_lapse_record(*, measure: Measure, today: date) -> Ended | None:
    """One marker, under its row lock, read again: confirmed or ended meanwhile, it is left alone (None). Otherwise
    it ends as lapsed, its checklist opens and the customer's removal letter is prepared where one is due."""
    measure = measure_lock(measure=measure)
    if (not measure.is_unconfirmed_interim or measure.status not in LIVE_STATUSES or measure.interim_until is None
            or measure.interim_until >= today):
        return None
    measure = interim_marker_lapse(measure=measure)
    tasks = clearance_open(actor=None, measure=measure, why="Interim marker lapsed: no decision confirmed it")
    return Ended(measure, tasks, ending_letter(actor=None, measure=measure, outcome="lapsed", reasons=LAPSE_LETTER_REASONS))


def ending_letter(*, actor: User | None, measure: Measure, outcome: str, reasons: str) -> Letter | None:
    """The customer's removal letter, prepared for an officer to issue, when the customer was told about the entry;
    none for premises only or a customer never told (telling them now would disclose it)."""
    if measure.person is None or not measure_customer_told(measure=measure):
        return None
    return letter_create(actor=actor, council=measure.council, event=Event.REMOVAL, person=measure.person, measure=measure,
                         extra={"outcome": outcome, "outcome_reasons": reasons})
