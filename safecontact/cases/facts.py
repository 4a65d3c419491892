"""The facts a decision rests on, shown wherever someone decides (issue 14): the triage page, the decision form, the
proposal page and the approval page all render `templates/cases/_facts.html` from `decision_facts_for`, so the four
pages cannot drift apart.

The facts are: each incident's summary and the exact words used, the evidence (download links only for a viewer the
incident selector lets see that report, through the access-checked download view), the reasonable adjustments
recorded for the person and their warning history. Showing them is a read of personal data, so
`audit_facts_viewed` records a view of every incident and person shown, as the incident and person pages do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.services import audit_access
from safecontact.cases.models import Case, Decision
from safecontact.cases.warnings import WarningStatus, formal_warning_status, informal_warning_status
from safecontact.incidents.models import Attachment, Incident, Triage
from safecontact.incidents.selectors import visible_incident_ids
from safecontact.people.models import Person
from safecontact.people.selectors import adjustments_for


@dataclass(frozen=True)
class IncidentFacts:
    incident: Incident
    can_open: bool  # the viewer may open the report and its evidence
    evidence: list[Attachment]

    @property
    def evidence_withheld(self) -> bool:
        return not self.can_open and bool(self.evidence)


@dataclass(frozen=True)
class WarningFact:
    kind: str  # "Informal warning" or "Formal warning"
    given_on: date | None
    source: str  # the incident or case reference it was given on
    what: str  # what was said (informal) or the behaviour described (formal)
    status: WarningStatus


@dataclass(frozen=True)
class DecisionFacts:
    person: Person | None
    incidents: list[IncidentFacts]
    adjustments: list[Any] = field(default_factory=list)
    warnings: list[WarningFact] = field(default_factory=list)


def decision_facts_for(*, user: User, council: Organisation, case: Case | None = None,
                       incident: Incident | None = None, today: date | None = None) -> DecisionFacts:
    """The facts for a decision on `case` (all its incidents) or, before there is a case, on one `incident`."""
    if case is not None:
        incidents = list(case.incidents.all().order_by("occurred_at"))
        person: Person | None = case.person
    elif incident is not None:
        incidents, person = [incident], incident.person
    else:
        raise ValueError("decision_facts_for needs a case or an incident")
    ids = [i.pk for i in incidents]
    may_open = visible_incident_ids(actor=user, council=council, ids=ids) if can(user, Action.INCIDENT_VIEW, council) else set()
    evidence: dict[Any, list[Attachment]] = {}
    for attachment in Attachment.objects.filter(council=council, incident_id__in=ids).order_by("created_at"):
        evidence.setdefault(attachment.incident_id, []).append(attachment)
    shown = [IncidentFacts(incident=i, can_open=i.pk in may_open, evidence=evidence.get(i.pk, [])) for i in incidents]
    if person is None:
        return DecisionFacts(person=None, incidents=shown)
    return DecisionFacts(person=person, incidents=shown, adjustments=list(adjustments_for(person=person)),
                         warnings=warning_history_for(council=council, person=person, today=today))


def warning_history_for(*, council: Organisation, person: Person, today: date | None = None) -> list[WarningFact]:
    """Every informal and formal warning the person was given, newest first, with whether it still counts (R20)."""
    history = [
        WarningFact(kind="Informal warning", given_on=t.warning_given_on, source=t.incident.reference,
                    what=t.warning_what_was_said, status=informal_warning_status(t, today=today))
        for t in Triage.objects.filter(council=council, incident__person=person, outcome=Triage.Outcome.INFORMAL_WARNING)
        .select_related("incident")
    ]
    decisions = (Decision.objects.filter(council=council, case__person=person, outcome=Decision.Outcome.FORMAL_WARNING)
                 .select_related("case"))
    history += [
        WarningFact(kind="Formal warning", given_on=timezone.localtime(d.decided_at).date(), source=d.case.reference,
                    what=d.warning_examples or d.reasons, status=formal_warning_status(d, today=today))
        for d in decisions
    ]
    return sorted(history, key=lambda w: w.given_on or date.min, reverse=True)


def audit_facts_viewed(*, actor: User, council: Organisation, facts: DecisionFacts, already: Any = None) -> None:
    """Record a view of each incident and of the person the facts show (`already`: the page's own subject,
    audited by the page itself)."""
    for item in facts.incidents:
        if item.incident != already:
            audit_access(actor=actor, council=council, subject=item.incident)
    if facts.person is not None:
        audit_access(actor=actor, council=council, subject=facts.person)
