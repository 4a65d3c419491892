"""The urgent interim safety marker (issue 11, domain d.4 serious-threat route): where waiting for triage, a case
and a decision would put staff at risk, a decision-maker approves a marker straight from the incident, with a
recorded reason. It lasts at most 28 days (`CouncilSettings.interim_marker_days`, hard maximum in code and in a
database CHECK) and lapses unless a full decision on the customer's case confirms it. Checks stop showing a lapsed
marker at midnight (`register.models.live_filter`); the daily run records the lapse and opens the clear-everywhere
checklist."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import council_settings_for
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.cases.models import Decision
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.disclosures.services import disclosures_for_shared_entry
from safecontact.incidents.models import Incident
from safecontact.people.models import Address
from safecontact.register.models import INTERIM_HARD_MAX_DAYS, LIVE_STATUSES, Measure, MeasureVersion
from safecontact.register.review_dates import default_review_due
from safecontact.register.services import (
    Distribution,
    MarkerDetails,
    decision_allows,
    measure_end,
    measure_lock,
    require_council_lists,
    subject_key,
    validate_marker,
)
from safecontact.register.versions import version_record


def interim_days(*, council: Organisation) -> int:
    """The council's interim period, never above the hard maximum whatever the settings row says."""
    return max(1, min(council_settings_for(council=council).interim_marker_days, INTERIM_HARD_MAX_DAYS))


@transaction.atomic
def measure_interim_approve(
    *, actor: User, council: Organisation, incident: Incident, reason: str, marker: MarkerDetails,
    premises: Address | None = None, distribution: Distribution | None = None,
) -> Measure:
    require(actor, Action.MEASURE_APPROVE, council)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.council_id != council.pk:
        raise ApplicationError("Choose an incident of this council.")
    if incident.status == Incident.Status.DRAFT:
        raise ApplicationError("The report has not been sent yet.")
    if incident.reporter_id == actor.pk:
        raise ApplicationError("You reported this incident, so another decision-maker must approve an interim marker.")
    if incident.person_id is None and premises is None:
        raise ApplicationError("Link the report to the person first, or give the premises.", field="premises_uprn")
    if premises is not None and premises.council_id != council.pk:
        raise ApplicationError("Choose an address of this council.", field="premises_uprn")
    if not reason.strip():
        raise ApplicationError("Say why waiting for a full decision would put staff at risk.", field="interim_reason")
    validate_marker(marker)
    require_council_lists(marker.precautions, council, "precautions")
    person = incident.person
    key = subject_key(person, premises)
    if Measure.objects.filter(council=council, kind=Measure.Kind.SAFETY_MARKER, status__in=LIVE_STATUSES, subject_key=key).exists():
        raise ApplicationError("There is already a live safety marker for this person and premises: review that one instead.")
    today = timezone.localdate()
    until = today + timedelta(days=interim_days(council=council))
    now = timezone.now()
    measure = Measure(
        council=council, reference=next_reference(model=Measure, council=council, prefix="PSR"), kind=Measure.Kind.SAFETY_MARKER,
        status=Measure.Status.ACTIVE, origin=Measure.Origin.INTERIM, interim_until=until, interim_reason=reason.strip(),
        person=person, premises=premises, subject_key=key, originating_incident=incident, owner=actor, proposed_by=actor,
        reasons=f"Urgent interim marker: {reason.strip()}", approved_by=actor, approved_at=now, approved_on=today,
        starts_on=today, review_due=until, risk_impact=marker.risk_impact, risk_likelihood=marker.risk_likelihood,
        risk_description=marker.risk_description.strip(), risk_description_author=actor, advice=marker.advice,
    )
    measure.full_clean(exclude=["subject_key"])
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError as exc:  # a marker approved at the same moment by someone else
        raise ApplicationError("There is already a live safety marker for this person and premises.") from exc
    measure.precautions.set(marker.precautions)
    distribution = distribution or Distribution()
    measure.services.set(distribution.services)
    measure.shared_with.set(distribution.shared_with)
    version_record(measure=measure, source=MeasureVersion.Source.APPROVAL, actor=actor, at=now, why="Urgent interim marker")
    disclosures_for_shared_entry(actor=actor, measure=measure)  # live at once: partners it is shared with may be shown it (R92)
    audit_record(actor=actor, event=EventType.MEASURE_INTERIM_APPROVED, council=council, subject=measure,
                 data={"incident": str(incident.pk), "until": until.isoformat()})
    return measure


@transaction.atomic
def measure_interim_confirm(*, actor: User, measure: Measure, decision: Decision, review_due: date | None = None) -> Measure:
    """A full decision on the customer's case confirms the interim marker: it stays live with the decision behind
    it, the council's ordinary review interval from today, and no lapse date."""
    council = measure.council
    require(actor, Action.MEASURE_APPROVE, council)
    measure = measure_lock(measure=measure, expect=LIVE_STATUSES)
    if not measure.is_unconfirmed_interim:
        raise ApplicationError("This entry is not an unconfirmed interim marker.")
    if not measure.is_live:
        raise ApplicationError("This interim marker has lapsed: propose a new entry from the decision instead.")
    decision = decision_allows(decision=decision, council=council, kind=Measure.Kind.SAFETY_MARKER)
    case = decision.case
    if measure.person_id and case.person_id != measure.person_id:
        raise ApplicationError(f"The decision is about {case.person}, not the person this marker is about.", field="decision")
    if not case.incidents.filter(pk=measure.originating_incident_id).exists():
        raise ApplicationError(f"The incident this marker rests on is not on case {case.reference}: add it to the case first.")
    today = timezone.localdate()
    measure.decision, measure.case, measure.policy_version = decision, case, decision.policy_version
    measure.interim_until, measure.approved_on = None, today
    measure.review_due = review_due or default_review_due(council=council, today=today)
    measure.full_clean(exclude=["subject_key"])
    measure.save()
    version_record(measure=measure, source=MeasureVersion.Source.CONFIRMATION, actor=actor, note=f"decision on {case.reference}",
                   why=decision.reasons[:500])
    audit_record(actor=actor, event=EventType.MEASURE_INTERIM_CONFIRMED, council=council, subject=measure,
                 data={"decision": str(decision.pk), "review_due": measure.review_due.isoformat()})
    return measure


def interim_markers_lapsed(*, today: date) -> list[Measure]:
    """Unconfirmed interim markers past their last day that are still recorded as live (all councils)."""
    return list(Measure.objects.filter(origin=Measure.Origin.INTERIM, decision__isnull=True, status__in=LIVE_STATUSES,
                                       interim_until__lt=today).select_related("council"))


def interim_marker_lapse(*, measure: Measure) -> Measure:
    """Records one lapse (the daily run; its own transaction). The entry ends as "lapsed"."""
    return measure_end(actor=None, measure=measure, reason="No decision confirmed the interim marker within its period",
                       ended_reason=Measure.EndedReason.LAPSED)
