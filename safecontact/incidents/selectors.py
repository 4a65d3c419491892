"""Reads about incident reports. Who sees what (row level; the matrix only says who may try):

* everyone sees their own reports, drafts included (nobody else ever sees a draft);
* a manager sees submitted reports made by their direct reports (line management) and reports
  about a team they hold the manager role for;
* register officers, register managers, decision-makers and the DPO see every submitted report
  of the council;
* health and safety advisers see submitted reports flagged as possibly RIDDOR-reportable;
* contractors, partner users, councillors and staff see only their own.

Anything else is Http404, exactly as if it did not exist.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.access.checks import roles_of
from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation, RoleAssignment, Team, User
from safecontact.accounts.selectors import role_holders
from safecontact.incidents.models import Attachment, BehaviourCategory, Incident, Triage
from safecontact.lists.selectors import choices_for

COUNCIL_WIDE = frozenset({Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.DECISION_MAKER, Role.DPO})
TRIAGE_QUEUE_OWNERS = frozenset({Role.REGISTER_MANAGER})


def managed_team_ids(*, actor: User, council: Organisation) -> list[Any]:
    return list(
        RoleAssignment.objects.filter(
            user=actor, council=council, role=Role.MANAGER, status=RoleAssignment.Status.APPROVED,
            expires_on__gte=date.today(), team__isnull=False,
        ).values_list("team_id", flat=True)
    )


def _visible_q(*, actor: User, council: Organisation) -> Q:
    roles = roles_of(actor, council)
    own = Q(reporter=actor)
    submitted = ~Q(status=Incident.Status.DRAFT)
    if roles & COUNCIL_WIDE:
        return own | submitted
    q = own
    if Role.MANAGER in roles:
        q |= submitted & (Q(reporter__line_manager=actor) | Q(team_id__in=managed_team_ids(actor=actor, council=council)))
    if Role.HS_ADVISER in roles:
        q |= submitted & Q(riddor_flag=True)
    return q


def incident_list_for(*, actor: User, council: Organisation, status: str = "", unlinked: bool = False) -> QuerySet[Incident]:
    """`unlinked`: only reports naming someone not yet linked to a person record (the home page's count opens this)."""
    if not roles_of(actor, council):
        return Incident.objects.none()
    qs = Incident.objects.filter(council=council).filter(_visible_q(actor=actor, council=council))
    if status:
        qs = qs.filter(status=status)
    if unlinked:
        qs = qs.filter(person__isnull=True, subject_not_known=False)
    return qs.select_related("reporter", "team", "person").order_by("-submitted_at", "-created_at")


def incident_get_for(*, actor: User, council: Organisation, id: Any) -> Incident:
    try:
        return (
            incident_list_for(actor=actor, council=council)
            .select_related("triage", "triage__manager", "council")
            .prefetch_related("categories", Prefetch("attachments", queryset=Attachment.objects.order_by("created_at")))
            .get(pk=id)
        )
    except (Incident.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def visible_incident_ids(*, actor: User, council: Organisation, ids: Any) -> set[Any]:
    """Which of these reports the actor may open (and so download the evidence of): the same rule as the report page.
    Callers check the matrix (Action.INCIDENT_VIEW) first."""
    return set(incident_list_for(actor=actor, council=council).filter(pk__in=list(ids)).values_list("pk", flat=True))


def my_incidents_for(*, actor: User, council: Organisation) -> QuerySet[Incident]:
    return Incident.objects.filter(council=council, reporter=actor).select_related("triage").order_by("-updated_at")


def draft_get_for(*, actor: User, council: Organisation, id: Any) -> Incident:
    """A draft the actor is writing; anyone else's (or a submitted report) is 404."""
    try:
        return (
            Incident.objects.filter(council=council, reporter=actor, status=Incident.Status.DRAFT)
            .prefetch_related("categories", "attachments")
            .get(pk=id)
        )
    except (Incident.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def own_incident_get_for(*, actor: User, council: Organisation, id: Any) -> Incident:
    try:
        return Incident.objects.filter(council=council, reporter=actor).get(pk=id)
    except (Incident.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def triage_queue_for(*, actor: User, council: Organisation) -> QuerySet[Incident]:
    """Submitted reports this actor may triage: their direct reports' and their teams' (managers),
    or the whole council's (register managers, who hold the triage queue). Never their own."""
    roles = roles_of(actor, council)
    qs = Incident.objects.filter(council=council, status=Incident.Status.SUBMITTED).exclude(reporter=actor)
    if not roles & TRIAGE_QUEUE_OWNERS:
        if Role.MANAGER not in roles:
            return Incident.objects.none()
        qs = qs.filter(Q(reporter__line_manager=actor) | Q(team_id__in=managed_team_ids(actor=actor, council=council)))
    return qs.select_related("reporter", "team").order_by("triage_due_on", "submitted_at")


def late_for_triage(queue: QuerySet[Incident], today: date | None = None) -> QuerySet[Incident]:
    return queue.filter(triage_due_on__lt=today or timezone.localdate())


def triage_get_for(*, actor: User, council: Organisation, id: Any) -> Incident:
    try:
        return triage_queue_for(actor=actor, council=council).prefetch_related("categories", "attachments").get(pk=id)
    except (Incident.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def attachment_get_for(*, actor: User, council: Organisation, id: Any) -> Attachment:
    try:
        attachment = Attachment.objects.select_related("incident").get(pk=id, council=council)
    except (Attachment.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    incident_get_for(actor=actor, council=council, id=attachment.incident_id)
    return attachment


def referred_incidents_for(*, council: Organisation) -> QuerySet[Incident]:
    """Reports referred to a decision-maker and not yet decided."""
    return (
        Incident.objects.filter(council=council, status=Incident.Status.REFERRED)
        .select_related("person", "reporter", "triage")
        .order_by("submitted_at")
    )


def behaviour_categories_for(*, council: Organisation, keep: Any = ()) -> QuerySet[BehaviourCategory]:
    """What a reporter may choose: the council's list as it keeps it (lists/). `keep`: a draft's choices so far."""
    return choices_for(model=BehaviourCategory, council=council, keep=keep)


def teams_for(*, council: Organisation) -> QuerySet[Team]:
    return Team.objects.filter(council=council).order_by("name")


def triagers_for(*, incident: Incident) -> list[User]:
    """Who is told a report awaits triage: the reporter's line manager if they hold the manager
    role for the council, otherwise the register managers (the council's triage queue)."""
    manager = incident.reporter.line_manager
    if manager is not None and manager.pk != incident.reporter_id and Role.MANAGER in roles_of(manager, incident.council):
        return [manager]
    return [u for u in role_holders(council=incident.council, role=Role.REGISTER_MANAGER) if u.pk != incident.reporter_id]


def decision_makers_for(*, council: Organisation) -> list[User]:
    return role_holders(council=council, role=Role.DECISION_MAKER)


def hs_advisers_for(*, council: Organisation) -> list[User]:
    return role_holders(council=council, role=Role.HS_ADVISER)


def reporter_outcome(incident: Incident) -> str:
    """What the reporter is told: the outcome, not the reasoning (which may hold the customer's
    personal circumstances)."""
    if incident.status == Incident.Status.DRAFT:
        return "Not submitted yet"
    if incident.status == Incident.Status.SUBMITTED:
        return "Waiting for a manager to look at it"
    if incident.status == Incident.Status.DECIDED:
        decision = incident_latest_decision(incident)
        return f"Decided: {decision.get_outcome_display().lower()}" if decision else "Decided"
    triage: Triage | None = getattr(incident, "triage", None)
    if incident.status == Incident.Status.CLOSED:
        return "Looked at by a manager and closed"
    if incident.status == Incident.Status.WARNING_RECORDED:
        return "An informal warning was recorded" + (f" on {triage.warning_given_on:%d/%m/%Y}" if triage and triage.warning_given_on else "")
    if incident.status == Incident.Status.REFERRED:
        return "Referred to a decision-maker"
    return incident.get_status_display()


def incident_latest_decision(incident: Incident) -> Any:
    """The latest decision on any case grouping this report (through the reverse relation, so
    this earlier app does not import `cases`)."""
    decisions = [d for case in incident.cases.all() for d in case.decisions.all()]  # type: ignore[attr-defined]
    return max(decisions, key=lambda d: d.decided_at, default=None)
