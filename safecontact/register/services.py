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
from safecontact.cases.models import Decision
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.disclosures.services import disclosures_for_shared_entry
from safecontact.incidents.models import Incident
from safecontact.people.models import Address, Person
from safecontact.register.models import LIVE_STATUSES, Measure, MeasureVersion, Precaution, RestrictionType
from safecontact.register.review_dates import ReviewDateProblem, default_review_due, review_due_problem
from safecontact.register.versions import version_record


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


def validate_marker(details: MarkerDetails) -> None:
    if not details.risk_description.strip():
        raise ApplicationError("Describe the risk in a sentence or two: facts, not opinion.", field="risk_description")
    if not details.precautions:
        raise ApplicationError("Choose at least one precaution.", field="precautions")


def validate_restriction(details: RestrictionDetails) -> None:
    if not details.restriction_types:
        raise ApplicationError("Choose at least one type of restriction.", field="restriction_types")
    if not details.mandatory_services_route.strip():
        raise ApplicationError("Say how the customer can still reach mandatory services.", field="mandatory_services_route")
    if details.scope == Measure.Scope.ORGANISATION_WIDE and not details.scope_justification.strip():
        raise ApplicationError("An organisation-wide restriction needs a justification.", field="scope_justification")
    if not details.scope:
        raise ApplicationError("Choose the scope of the restriction.", field="scope")


# Which decisions an entry of each kind may come from.
_PROPOSES: dict[str, frozenset[str]] = {
    Measure.Kind.SAFETY_MARKER: frozenset({Decision.Outcome.PROPOSE_MARKER, Decision.Outcome.PROPOSE_BOTH}),
    Measure.Kind.CONTACT_RESTRICTION: frozenset({Decision.Outcome.PROPOSE_RESTRICTION, Decision.Outcome.PROPOSE_BOTH}),
}


def _kind_of(marker: MarkerDetails | None, restriction: RestrictionDetails | None) -> str:
    if (marker is None) == (restriction is None):
        raise ApplicationError("A measure is either a safety marker or a contact restriction.")
    return Measure.Kind.SAFETY_MARKER if marker is not None else Measure.Kind.CONTACT_RESTRICTION


def decision_allows(*, decision: Decision, council: Organisation, kind: str) -> Decision:
    decision = Decision.objects.select_related("case__person").get(pk=decision.pk)
    if decision.council_id != council.pk:
        raise ApplicationError("Choose a decision of this council.", field="decision")
    if decision.outcome not in _PROPOSES[kind]:
        what = "a safety marker" if kind == Measure.Kind.SAFETY_MARKER else "a contact restriction"
        raise ApplicationError(f"The decision on {decision.case} was \u201c{decision.get_outcome_display()}\u201d: "
                               f"it does not propose {what}.", field="decision")
    return decision


@transaction.atomic
def measure_propose(
    *,
    actor: User,
    council: Organisation,
    decision: Decision | None,
    originating_incident: Incident | None,
    reasons: str,
    person: Person | None = None,
    premises: Address | None = None,
    representative: Person | None = None,
    premises_only: bool = False,
    owner: User | None = None,
    marker: MarkerDetails | None = None,
    restriction: RestrictionDetails | None = None,
    distribution: Distribution | None = None,
) -> Measure:
    """Proposes an entry from a recorded decision on the customer's case (issue 11): the decision's reasons,
    proportionality, equality screen and warning-first are behind every entry. The entry is about the case's
    person (or, for a restriction on their representative, about the representative with the customer named as
    principal) and rests on an incident on that case; anything else is refused. `premises_only`: a hazard at an
    address found through the customer's case (a dangerous dog) is recorded against the premises alone."""
    require(actor, Action.MEASURE_PROPOSE, council)
    kind = _kind_of(marker, restriction)
    if decision is None:
        raise ApplicationError("An entry is proposed from a recorded decision on the customer's case: record the decision first.",
                               field="decision")
    decision = decision_allows(decision=decision, council=council, kind=kind)
    case = decision.case
    customer: Person = case.person
    if person is not None and person.pk != customer.pk:
        raise ApplicationError(f"The decision is about {customer}: an entry from it is about the same person.", field="person")
    if originating_incident is None:
        raise ApplicationError("A measure must rest on a specific incident.", field="originating_incident")
    if originating_incident.person_id != customer.pk or not case.incidents.filter(pk=originating_incident.pk).exists():
        raise ApplicationError(f"Choose an incident on case {case.reference}: this one is not about {customer}.",
                               field="originating_incident")
    subject: Person | None = customer
    principal: Person | None = None
    if restriction is not None and restriction.about_representative:
        if representative is None:
            raise ApplicationError("Choose the representative the restriction is about.", field="representative")
        if representative.council_id != council.pk or representative.pk == customer.pk:
            raise ApplicationError("Choose the representative: another person of this council, not the customer.",
                                   field="representative")
        subject, principal = representative, customer
    if premises_only:
        if premises is None:
            raise ApplicationError("Give the premises the hazard is at.", field="premises_uprn")
        subject = None
    distribution = distribution or Distribution()
    others = [i for i in distribution.other_incidents if case.incidents.filter(pk=i.pk).exists()]
    return _measure_create(
        actor=actor, council=council, origin=Measure.Origin.DECISION, decision=decision, originating_incident=originating_incident,
        reasons=reasons, person=subject, principal=principal, premises=premises, owner=owner, marker=marker,
        restriction=restriction, distribution=Distribution(services=distribution.services, shared_with=distribution.shared_with,
                                                           other_incidents=others))


@transaction.atomic
def measure_import_propose(
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
) -> Measure:
    """An entry carried over from the council's earlier register (`register_import`): it rests on the incident the
    old register recorded, has no decision here and says so (origin "imported"). Only the import calls this."""
    require(actor, Action.REGISTER_IMPORT, council)
    return _measure_create(actor=actor, council=council, origin=Measure.Origin.IMPORTED, decision=None,
                           originating_incident=originating_incident, reasons=reasons, person=person, premises=premises,
                           owner=owner, marker=marker, restriction=restriction, distribution=None)


def require_council_lists(items: Collection[Precaution | RestrictionType], council: Organisation, field: str) -> None:
    if any(item.council_id not in (None, council.pk) for item in items):
        raise ApplicationError("Choose from this council's lists.", field=field)


def _measure_create(
    *, actor: User, council: Organisation, origin: str, decision: Decision | None, originating_incident: Incident | None,
    reasons: str, person: Person | None, premises: Address | None, owner: User | None, marker: MarkerDetails | None,
    restriction: RestrictionDetails | None, distribution: Distribution | None, principal: Person | None = None,
) -> Measure:
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
    _kind_of(marker, restriction)
    if not reasons.strip():
        raise ApplicationError("Give the reasons for the measure.", field="reasons")
    measure = Measure(
        council=council, person=person, premises=premises, subject_key=subject_key(person, premises),
        originating_incident=originating_incident, reasons=reasons.strip(), owner=owner or actor, proposed_by=actor,
        status=Measure.Status.AWAITING_APPROVAL,  # pragma: no mutate: equivalent, the model's default; kept to say a proposal never starts live
        reference=next_reference(model=Measure, council=council, prefix="PSR"),
        origin=origin, decision=decision, case=decision.case if decision else None,
        policy_version=decision.policy_version if decision else "", principal=principal,
    )
    if marker is not None:
        validate_marker(marker)
        require_council_lists(marker.precautions, council, "precautions")
        measure.kind = Measure.Kind.SAFETY_MARKER
        measure.risk_impact, measure.risk_likelihood = marker.risk_impact, marker.risk_likelihood
        measure.risk_description, measure.advice, measure.risk_description_author = marker.risk_description.strip(), marker.advice, actor
    if restriction is not None:
        validate_restriction(restriction)
        require_council_lists(restriction.restriction_types, council, "restriction_types")
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
                 data={"kind": measure.kind, "incident": str(originating_incident.pk),
                       **({"decision": str(decision.pk)} if decision else {})})
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
    version_record(measure=measure, source=MeasureVersion.Source.APPROVAL, actor=actor, at=measure.approved_at, why="Terms as approved")
    disclosures_for_shared_entry(actor=actor, measure=measure)  # live now: partners it is shared with may be shown it (R92)
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
    audit_record(actor=actor, event=EventType.MEASURE_ENDED, council=measure.council, subject=measure,
                 data={"reason": ended_reason, "why": reason.strip()})
    return measure
