"""Writes to the register: propose, approve, refuse, end. A decision-maker approves, never the proposer."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, Team, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.incidents.models import Incident
from safecontact.people.models import Address, Person
from safecontact.register.models import LIVE_STATUSES, Measure, Precaution, RestrictionType
from safecontact.register.review_dates import ReviewDateProblem, default_review_due, review_due_problem


@dataclass
class MarkerDetails:
    risk_impact: int
    risk_likelihood: int
    risk_description: str
    precautions: list[Precaution]
    advice: str = ""


@dataclass
class RestrictionDetails:
    restriction_types: list[RestrictionType]
    scope: str
    mandatory_services_route: str
    scope_justification: str = ""
    single_point_of_contact: User | None = None
    deputy_contact: User | None = None
    permitted_channels: str = ""
    phone_limits: str = ""
    premises_excluded: str = ""
    about_representative: bool = False


@dataclass
class Distribution:
    services: list[Team] = field(default_factory=list)
    shared_with: list[Organisation] = field(default_factory=list)
    other_incidents: list[Incident] = field(default_factory=list)


def subject_key(person: Person | None, premises: Address | None) -> str:
    """The one-live-marker rule's key. People and addresses each belong to one council, so the key is a council's
    own; the rule's constraint names the council as well, so one council's marker never blocks another's."""
    return f"{person.pk if person else '-'}|{premises.pk if premises else '-'}"


def _validate_marker(details: MarkerDetails) -> None:
    if not details.risk_description.strip():
        raise ApplicationError("Describe the risk in a sentence or two: facts, not opinion.", field="risk_description")
    if not details.precautions:
        raise ApplicationError("Choose at least one precaution.", field="precautions")


def _validate_restriction(details: RestrictionDetails) -> None:
    if not details.restriction_types:
        raise ApplicationError("Choose at least one type of restriction.", field="restriction_types")
    if not details.mandatory_services_route.strip():
        raise ApplicationError("Say how the customer can still reach mandatory services.", field="mandatory_services_route")
    if details.scope == Measure.Scope.ORGANISATION_WIDE and not details.scope_justification.strip():
        raise ApplicationError("An organisation-wide restriction needs a justification.", field="scope_justification")
    if not details.scope:
        raise ApplicationError("Choose the scope of the restriction.", field="scope")


@transaction.atomic
def measure_propose(
    *,
    actor: User,
    council: Organisation,
    originating_incident: Incident | None,
    reasons: str,
    person: Person | None = None,
    premises: Address | None = None,
    owner: User | None = None,
    marker: MarkerDetails | None = None,
    restriction: RestrictionDetails | None = None,
    distribution: Distribution | None = None,
) -> Measure:
    require(actor, Action.MEASURE_PROPOSE, council)
    if originating_incident is None:
        raise ApplicationError("A measure must rest on a specific incident.", field="originating_incident")
    if originating_incident.council_id != council.pk:
        raise ApplicationError("Choose an incident of this council.", field="originating_incident")
    if person is None and premises is None:
        raise ApplicationError("Choose the person, the premises, or both.", field="person")
    if person is not None and person.council_id != council.pk:
        raise ApplicationError("Choose a person of this council.", field="person")
    if premises is not None and premises.council_id != council.pk:
        raise ApplicationError("Choose an address of this council.", field="premises_uprn")
    if (marker is None) == (restriction is None):
        raise ApplicationError("A measure is either a safety marker or a contact restriction.")
    if not reasons.strip():
        raise ApplicationError("Give the reasons for the measure.", field="reasons")
    measure = Measure(
        council=council, person=person, premises=premises, subject_key=subject_key(person, premises),
        originating_incident=originating_incident, reasons=reasons.strip(), owner=owner or actor, proposed_by=actor,
        status=Measure.Status.AWAITING_APPROVAL,  # pragma: no mutate: equivalent, the model's default; kept to say a proposal never starts live
        reference=next_reference(model=Measure, council=council, prefix="PSR"),
    )
    if marker is not None:
        _validate_marker(marker)
        measure.kind = Measure.Kind.SAFETY_MARKER
        measure.risk_impact, measure.risk_likelihood = marker.risk_impact, marker.risk_likelihood
        measure.risk_description, measure.advice, measure.risk_description_author = marker.risk_description.strip(), marker.advice, actor
    if restriction is not None:
        _validate_restriction(restriction)
        measure.kind = Measure.Kind.CONTACT_RESTRICTION
        for name in ("scope", "scope_justification", "mandatory_services_route", "single_point_of_contact", "deputy_contact",
                     "permitted_channels", "phone_limits", "premises_excluded", "about_representative"):
            setattr(measure, name, getattr(restriction, name))
    measure.full_clean(exclude=["subject_key"])  # pragma: no mutate: equivalent, the key is set above; its rule binds live markers only
    measure.save()
    if marker is not None:
        measure.precautions.set(marker.precautions)
    if restriction is not None:
        measure.restriction_types.set(restriction.restriction_types)
    distribution = distribution or Distribution()
    measure.services.set(distribution.services)
    measure.shared_with.set(distribution.shared_with)
    measure.other_incidents.set([i for i in distribution.other_incidents if i.council_id == council.pk])
    audit_record(actor=actor, event=EventType.MEASURE_PROPOSED, council=council, subject=measure,
                 data={"kind": measure.kind, "incident": str(originating_incident.pk)})
    return measure


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return f" at {local:%H:%M}"
    return f" on {local.day} {local:%B %Y}"


_ENDED_HOW: dict[str, str] = {
    Measure.EndedReason.REFUSED: "it was refused",
    Measure.EndedReason.REMOVED: "it was removed",
    Measure.EndedReason.OVERTURNED: "it was overturned on appeal",
    Measure.EndedReason.EXPIRED: "it expired",
}


def _too_late(measure: Measure, expect: Collection[str]) -> str:
    """What the person whose change came second is told: what the entry's state is now, and who made it so."""
    if measure.status in LIVE_STATUSES and Measure.Status.AWAITING_APPROVAL in expect:
        return f"This entry has already been approved by {measure.approved_by}{_when(measure.approved_at)}."
    if measure.status == Measure.Status.ENDED:
        how = f"{_ENDED_HOW.get(measure.ended_reason, 'it ended')}{_when(measure.ended_at)}"
        if Measure.Status.AWAITING_APPROVAL in expect:
            return f"This entry is no longer awaiting approval: {how}."
        return f"This entry has already ended: {how}."
    if measure.status == Measure.Status.AWAITING_APPROVAL:
        return "This entry is not live yet: it is still awaiting approval."
    return f"This entry can no longer be changed this way: it is {measure.get_status_display().lower()}."


def measure_lock(*, measure: Measure, expect: Collection[str] | None = None) -> Measure:
    """Every change to a measure's status, terms or dates starts here, inside its transaction: lock the row, read
    it again, and check it is still in a state the change is allowed from (`expect`). Two people acting at once
    are then served one after the other, and the second is told what the first did (issue 11: approve and refuse
    at the same moment told both people they had succeeded). Returns the fresh, locked row; use it, not the
    caller's copy, from here on."""
    locked = Measure.objects.select_for_update(of=("self",)).get(pk=measure.pk)
    if expect is not None and locked.status not in expect:
        raise ApplicationError(_too_late(locked, expect))
    return locked


@transaction.atomic
def measure_approve(
    *, actor: User, measure: Measure, review_due: date | None = None, identity_override_reason: str = ""
) -> Measure:
    council = measure.council
    require(actor, Action.MEASURE_APPROVE, council)
    measure = measure_lock(measure=measure, expect=(Measure.Status.AWAITING_APPROVAL,))
    if measure.proposed_by_id == actor.pk:
        raise ApplicationError("The officer who proposed a measure cannot approve it.")
    if measure.originating_incident.reporter_id == actor.pk:
        raise ApplicationError("You reported the incident this measure rests on, so someone else must approve it.")
    identity = measure.originating_incident.identity_confirmation
    if measure.person_id and identity in ("witness_only", "not_confirmed", "") and not identity_override_reason.strip():
        raise ApplicationError("The person's identity was not confirmed: give reasons to approve anyway.", field="identity_override_reason")
    today = timezone.localdate()
    review_due = review_due or default_review_due(council=council, today=today)
    problem = review_due_problem(review_due, today=today)
    if problem is ReviewDateProblem.NOT_IN_FUTURE:
        raise ApplicationError("The review date must be in the future.", field="review_due")
    if problem is ReviewDateProblem.BEYOND_LIMIT:
        raise ApplicationError("The review date is beyond the 12-month maximum.", field="review_due")
    if measure.kind == Measure.Kind.SAFETY_MARKER and Measure.objects.filter(
        council=council, kind=Measure.Kind.SAFETY_MARKER, status__in=LIVE_STATUSES, subject_key=measure.subject_key
    ).exists():
        raise ApplicationError("There is already a live safety marker for this person and premises: review that one instead.")
    measure.status = Measure.Status.ACTIVE
    measure.approved_by, measure.approved_at, measure.approved_on = actor, timezone.now(), today
    measure.starts_on, measure.review_due = today, review_due
    measure.identity_override_reason = identity_override_reason.strip()
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError as exc:  # the database's own guard against a race with another approval
        raise ApplicationError("There is already a live safety marker for this person and premises.") from exc
    audit_record(actor=actor, event=EventType.MEASURE_APPROVED, council=council, subject=measure,
                 data={"review_due": review_due.isoformat(), "identity_override": bool(identity_override_reason.strip())})
    return measure


@transaction.atomic
def measure_refuse(*, actor: User, measure: Measure, reason: str) -> Measure:
    require(actor, Action.MEASURE_APPROVE, measure.council)
    measure = measure_lock(measure=measure, expect=(Measure.Status.AWAITING_APPROVAL,))
    if not reason.strip():
        raise ApplicationError("Give the reason for not approving.", field="reason")
    measure.status, measure.ended_reason, measure.ended_at = Measure.Status.ENDED, Measure.EndedReason.REFUSED, timezone.now()
    measure.reasons = measure.reasons + f"\n\nNot approved: {reason.strip()}"
    measure.save()
    audit_record(actor=actor, event=EventType.MEASURE_REFUSED, council=measure.council, subject=measure)
    return measure


@transaction.atomic
def measure_end(*, actor: User | None, measure: Measure, reason: str, ended_reason: str = Measure.EndedReason.REMOVED) -> Measure:
    """Withdraws the measure from every check and API answer at once."""
    if actor is not None:
        require(actor, Action.MEASURE_APPROVE, measure.council)
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    measure.status, measure.ended_reason = Measure.Status.ENDED, ended_reason
    measure.ended_at, measure.ends_on = timezone.now(), timezone.localdate()
    measure.save()
    audit_record(actor=actor, event=EventType.MEASURE_ENDED, council=measure.council, subject=measure, data={"reason": ended_reason})
    return measure


# --- Changes other apps ask for (issue 11 "one owner": only the register's services write a measure) ---
# The callers (reviews, appeals, letters) check their own permission and hold the lock from `measure_lock`; each
# function here locks again (cheap inside the same transaction) so it is safe on its own.


@transaction.atomic
def measure_review_record(*, measure: Measure, reviewed_on: date, review_due: date, changed_terms: str = "") -> Measure:
    """A review continued or varied the measure: the next review date is set and the 12-month limit restarts from
    the review (ADR 0006); varied terms are added to the reasons. The review's own event (review.completed),
    written by the reviews service in the same transaction, records it."""
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    measure.review_due, measure.approved_on = review_due, reviewed_on
    if changed_terms:
        measure.reasons = f"{measure.reasons}\n\nVaried at review on {reviewed_on:%d/%m/%Y}: {changed_terms}"
    measure.save(update_fields=["review_due", "approved_on", "reasons", "updated_at"])  # pragma: no mutate: equivalent, measure_lock() has just re-read the row
    return measure


@transaction.atomic
def measure_review_date_set(*, measure: Measure, review_due: date) -> Measure:
    """Moves the review date without restarting the 12-month limit (a review brought forward after a new incident).
    The caller's event (review.brought_forward) records why, in the same transaction."""
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    measure.review_due = review_due
    measure.save(update_fields=["review_due", "updated_at"])  # pragma: no mutate: equivalent, measure_lock() has just re-read the row
    return measure


@transaction.atomic
def measure_terms_vary(*, actor: User, measure: Measure, changed_terms: str, note: str, review_due: date | None = None,
                       data: dict[str, str | None] | None = None) -> Measure:
    """Varies a live measure (an appeal's outcome): `note` says where, e.g. "on appeal APL-0001". A new review date
    stays within 12 months of approval: a variation does not restart the limit."""
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    today = timezone.localdate()
    if review_due is not None:
        if review_due_problem(review_due, today=today, start=measure.approved_on or today) is not None:
            raise ApplicationError("The new review date must be in the future and within 12 months of approval.", field="review_due")
        measure.review_due = review_due
    measure.reasons = f"{measure.reasons}\n\nVaried {note}: {changed_terms}"
    measure.full_clean(exclude=["subject_key"])  # pragma: no mutate: equivalent, a live entry already holds its key
    measure.save()
    audit_record(actor=actor, event=EventType.MEASURE_VARIED, council=measure.council, subject=measure,
                 data={**(data or {}), "review_due": review_due.isoformat() if review_due else None})
    return measure


@transaction.atomic
def measure_notification_set(*, actor: User, measure: Measure, notify: bool, withheld_reasons: str = "",
                             reconsider_on: date | None = None) -> Measure:
    """Records whether the customer is told (domain R37). Letters decides and checks the reasons and date
    (`letters.services.measure_notification_decide`); the register writes the measure and the event."""
    measure = measure_lock(measure=measure)
    if notify:
        measure.notify_decision, measure.notify_withheld_reasons, measure.notify_reconsider_on = Measure.Notify.NOTIFY, "", None
    else:
        measure.notify_decision, measure.notify_withheld_reasons = Measure.Notify.WITHHELD, withheld_reasons
        measure.notify_reconsider_on = reconsider_on
    measure.notify_decided_by, measure.notify_decided_at = actor, timezone.now()
    measure.save(update_fields=["notify_decision", "notify_withheld_reasons", "notify_reconsider_on", "notify_decided_by",
                                "notify_decided_at", "updated_at"])
    audit_record(actor=actor, event=EventType.MEASURE_NOTIFICATION_DECIDED, council=measure.council, subject=measure,
                 data={"notify": notify, "reconsider_on": reconsider_on.isoformat() if reconsider_on and not notify else None})
    return measure
