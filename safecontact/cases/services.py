"""Writes about cases and decisions. A decision is refused without reasons, the policy clause,
proportionality, the equality screen and how the customer keeps access to services (R17-R27);
decision-makers never decide about an incident they reported (R22)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.cases.models import Case, Decision
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident
from safecontact.incidents.services import allocate_reference
from safecontact.notifications.services import staff_email_queue
from safecontact.people.models import Person
from safecontact.policies.selectors import policy_in_force

RESTRICTIVE = frozenset({Decision.Outcome.PROPOSE_RESTRICTION, Decision.Outcome.PROPOSE_MARKER, Decision.Outcome.PROPOSE_BOTH})
CASEABLE = frozenset({Incident.Status.REFERRED, Incident.Status.WARNING_RECORDED, Incident.Status.DECIDED})


@transaction.atomic
def case_open_for_incident(*, actor: User, council: Organisation, incident: Incident) -> Case:
    """The customer's open case (one is created if there is none), with this incident added."""
    require(actor, Action.CASE_OPEN, council)
    incident = Incident.objects.select_related("person").get(pk=incident.pk)
    if incident.council_id != council.pk:
        raise ApplicationError("This report belongs to another council.")
    if incident.status not in CASEABLE:
        raise ApplicationError("Only a report referred by triage can be put on a case.")
    if incident.person_id is None:
        raise ApplicationError("Link the report to a person first: a case is about one customer.")
    person: Person = incident.person  # type: ignore[assignment]
    case = Case.objects.select_for_update().filter(council=council, person=person, status=Case.Status.OPEN).first()
    if case is None:
        case = Case(council=council, person=person, owner=actor,
                    reference=allocate_reference(council=council, prefix="CASE", year=timezone.localdate().year))
        case.full_clean()
        case.save()
        audit_record(actor=actor, event=EventType.CASE_OPENED, council=council, subject=case, data={"reference": case.reference})
    if not case.incidents.filter(pk=incident.pk).exists():
        case.incidents.add(incident)
        audit_record(actor=actor, event=EventType.CASE_INCIDENT_ADDED, council=council, subject=case, data={"incident": str(incident.pk)})
    return case


def _need(value: str, field: str, message: str) -> str:
    if not (value or "").strip():
        raise ApplicationError(message, field=field)
    return value.strip()


@transaction.atomic
def decision_record(
    *,
    actor: User,
    council: Organisation,
    case: Case,
    outcome: str,
    reasons: str,
    policy_clause: str,
    proportionality: str,
    equality_screen: str,
    access_to_services: str,
    known_to_social_care: str,
    warning_given_first: bool = False,
    serious_threat_route: bool = False,
    serious_threat_reason: str = "",
    policy_version: str = "",
    warning_examples: str = "",
    warning_expected_change: str = "",
) -> Decision:
    require(actor, Action.DECISION_MAKE, council)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.council_id != council.pk:
        raise ApplicationError("This case belongs to another council.")
    if case.status != Case.Status.OPEN:
        raise ApplicationError("This case is closed.")
    if case.incidents.filter(reporter=actor).exists():
        raise ApplicationError("You reported an incident on this case, so another decision-maker must decide it.")
    if outcome not in Decision.Outcome.values:
        raise ApplicationError("Select the decision", field="outcome")
    fields = {
        "reasons": _need(reasons, "reasons", "Give the reasons for the decision"),
        "policy_clause": _need(policy_clause, "policy_clause", "Enter the policy clause relied on"),
        "proportionality": _need(proportionality, "proportionality", "Explain why lesser steps are not enough"),
        "equality_screen": _need(equality_screen, "equality_screen",
                                 "Record the equality screen: disability, communication needs and adjustments considered"),
        "access_to_services": _need(access_to_services, "access_to_services", "Explain how the customer keeps access to services"),
    }
    if known_to_social_care not in (Person.SocialCare.YES, Person.SocialCare.NO, Person.SocialCare.NOT_APPLICABLE):
        raise ApplicationError("Say whether the person is known to social care services", field="known_to_social_care")
    if serious_threat_route:
        serious_threat_reason = _need(serious_threat_reason, "serious_threat_reason", "Explain why the serious-threat route applies")
    if outcome in RESTRICTIVE and not warning_given_first and not serious_threat_route:
        raise ApplicationError("A warning should come first. If it was skipped, use the serious-threat route and give the reason",
                               field="warning_given_first")
    if outcome == Decision.Outcome.FORMAL_WARNING:
        warning_examples = _need(warning_examples, "warning_examples", "Give dated examples of the behaviour")
        warning_expected_change = _need(warning_expected_change, "warning_expected_change", "Say what change is expected")
    if not policy_version.strip():  # cite the version in force today (domain R2) unless the decision-maker named one
        in_force = policy_in_force(council=council)
        policy_version = in_force.version if in_force else ""
    decision = Decision(
        council=council, case=case, outcome=outcome, policy_version=policy_version.strip(),
        warning_given_first=warning_given_first, serious_threat_route=serious_threat_route,
        serious_threat_reason=serious_threat_reason.strip() if serious_threat_route else "",
        warning_examples=warning_examples.strip(), warning_expected_change=warning_expected_change.strip(),
        decided_by=actor, decided_at=timezone.now(), **fields,
    )
    decision.full_clean()
    decision.save()
    person = case.person
    if person.known_to_social_care != known_to_social_care:
        person.known_to_social_care = known_to_social_care
        person.social_care_checked_on = timezone.localdate()
        person.save(update_fields=["known_to_social_care", "social_care_checked_on", "updated_at"])
    audit_record(actor=actor, event=EventType.DECISION_RECORDED, council=council, subject=decision,
                 data={"case": str(case.pk), "outcome": outcome, "serious_threat_route": serious_threat_route,
                       "warning_given_first": warning_given_first})
    reporters = []
    for incident in case.incidents.filter(status=Incident.Status.REFERRED).select_related("reporter"):
        incident.status = Incident.Status.DECIDED
        incident.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, event=EventType.INCIDENT_DECIDED, council=council, subject=incident,
                     data={"decision": str(decision.pk), "outcome": outcome})
        reporters.append((incident.reporter.email, incident.pk))
    for email, incident_id in reporters:
        staff_email_queue(council=council, recipients=[email], subject="There is an update on an incident you reported",
                          path=reverse("incidents:incident_detail", kwargs={"id": incident_id}),
                          key=f"decision-recorded:{decision.pk}:{incident_id}")
    if outcome == Decision.Outcome.NO_ACTION:
        case.status = Case.Status.CLOSED
        case.save(update_fields=["status", "updated_at"])
    return decision


@transaction.atomic
def formal_warning_withdraw(*, actor: User | None, decision: Decision, reason: str) -> Decision:
    """A formal warning overturned on appeal: it stops counting at once and the case page says so. Called by
    appeals.services.appeal_decide, which checked the appeals officer's permission and independence."""
    if actor is not None:
        require(actor, Action.APPEAL_DECIDE, decision.council)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.outcome != Decision.Outcome.FORMAL_WARNING:
        raise ApplicationError("Only a formal warning can be withdrawn.")
    if decision.withdrawn_at is not None:
        raise ApplicationError("This warning has already been withdrawn.")
    decision.withdrawn_at, decision.withdrawn_reason = timezone.now(), reason.strip()[:300]
    decision.full_clean()
    decision.save(update_fields=["withdrawn_at", "withdrawn_reason", "updated_at"])
    audit_record(actor=actor, event=EventType.WARNING_WITHDRAWN, council=decision.council, subject=decision,
                 data={"kind": "formal", "case": str(decision.case_id)})
    return decision
