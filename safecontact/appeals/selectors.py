"""Reads about appeals. Appeals are council-wide for the roles that may see them; anything else 404s."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import Organisation, RoleAssignment, User
from safecontact.incidents.models import Incident, Triage

from .models import Appeal, AppealDocument

# The home page's counts open these filters ("waiting", "mine", "late", "overdue"), so each counts what its task says.
SHOW = {"open": "Open", "waiting": "Waiting for an appeals officer", "mine": "Assigned to you and not decided",
        "late": "Open, received after the appeal window", "overdue": "Past the decision target", "decided": "Decided",
        "all": "All"}


def appeal_list_for(*, actor: User, council: Organisation, show: str = "open") -> QuerySet[Appeal]:
    if not can(actor, Action.APPEAL_VIEW, council):
        return Appeal.objects.none()
    qs = Appeal.objects.filter(council=council).select_related("person", "measure", "appeals_officer")
    open_ = ~Q(status=Appeal.Status.DECIDED)
    if show == "open":
        qs = qs.filter(open_)
    elif show == "waiting":
        qs = qs.filter(status=Appeal.Status.RECEIVED)
    elif show == "mine":
        qs = qs.filter(open_, appeals_officer=actor)
    elif show == "late":
        qs = qs.filter(open_, is_late=True)
    elif show == "overdue":
        qs = qs.filter(open_, decision_due__lt=timezone.localdate())
    elif show == "decided":
        qs = qs.filter(status=Appeal.Status.DECIDED)
    return qs.order_by("decision_due", "-created_at")


def appeal_get_for(*, actor: User, council: Organisation, id: Any) -> Appeal:
    try:
        return appeal_list_for(actor=actor, council=council, show="all").get(pk=id)
    except (Appeal.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def measure_ids_under_appeal(*, council_id: Any, measure_ids: list[Any] | None = None) -> set[Any]:
    qs = Appeal.objects.filter(council_id=council_id, measure__isnull=False).exclude(status=Appeal.Status.DECIDED)
    if measure_ids is not None:
        qs = qs.filter(measure_id__in=measure_ids)
    return set(qs.values_list("measure_id", flat=True))


def appeals_for_warning(*, decision: Any = None, incident: Any = None) -> QuerySet[Appeal]:
    """Appeals against a formal warning (a decision) or an informal one (the report it was recorded on)."""
    if decision is not None:
        return Appeal.objects.filter(decision=decision, measure__isnull=True).order_by("-received_on")
    return Appeal.objects.filter(incident=incident).order_by("-received_on")


def _incident_people(incidents: list[Incident]) -> set[Any]:
    ids = {incident.reporter_id for incident in incidents}
    ids |= set(Triage.objects.filter(incident__in=incidents).values_list("manager_id", flat=True))
    return ids


def involved_user_ids(*, appeal: Appeal) -> set[Any]:
    """Everyone who had a part in the case: reporters, triagers, decision-makers, proposer,
    approver and owner of the measure, owner of the case; for a warning, its decision-maker (or the manager who
    recorded it at triage) and the reporters of the case's incidents."""
    ids: set[Any] = set()
    measure, decision = appeal.measure, appeal.decision
    incidents: list[Incident] = []
    cases = []
    if measure is not None:
        ids |= {measure.proposed_by_id, measure.approved_by_id, measure.owner_id, measure.notify_decided_by_id}
        incidents += [measure.originating_incident, *measure.other_incidents.all()]
        if measure.case is not None:
            cases.append(measure.case)
    if decision is not None:
        cases.append(decision.case)
    if appeal.incident is not None:  # an informal warning: the report it was given on, and any case it is on
        incidents.append(appeal.incident)
        cases += list(appeal.incident.cases.all())
    for case in cases:
        ids.add(case.owner_id)
        ids |= set(case.decisions.values_list("decided_by_id", flat=True))
        incidents += list(case.incidents.all())
    ids |= _incident_people(incidents)
    ids.discard(None)
    return ids


def eligible_officers_for(*, appeal: Appeal) -> list[User]:
    """Appeals officers of the council who had no part in the case."""
    involved = involved_user_ids(appeal=appeal)
    return [u for u in appeals_officers_for(council=appeal.council) if u.pk not in involved]


def appeals_officers_for(*, council: Organisation) -> QuerySet[User]:
    today = timezone.localdate()
    user_ids = RoleAssignment.objects.filter(
        council=council, role=Role.APPEALS_OFFICER, status=RoleAssignment.Status.APPROVED, expires_on__gte=today, user__is_active=True
    ).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=user_ids).order_by("full_name")


def appeal_document_get_for(*, appeal: Appeal, id: Any) -> AppealDocument:
    try:
        return AppealDocument.objects.get(appeal=appeal, pk=id)
    except (AppealDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def appeal_public_council(*, slug: str = "") -> Organisation | None:
    """The council whose name the public appeal page carries: the one in the letter's link, or the only council of
    the deployment; None on a shared deployment reached without a council (the page then says "your council").
    An unknown slug is 404: nothing about the register is learnt from it, councils are public bodies."""
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("pk")
    if slug:
        council = councils.filter(slug=slug).first()
        if council is None:
            raise Http404
        return council
    only = list(councils[:2])
    return only[0] if len(only) == 1 else None
