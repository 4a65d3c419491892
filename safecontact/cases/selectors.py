"""Reads about cases. Council-wide for the roles the matrix allows (register officers and
managers, decision-makers, the DPO); another council's cases are 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Case, Decision
from safecontact.cases.warnings import formal_warning_status, has_informal_warning, informal_warning_status
from safecontact.incidents.models import Incident


def case_list_for(*, actor: User, council: Organisation, status: str = "") -> QuerySet[Case]:
    if not can(actor, Action.CASE_VIEW, council):
        return Case.objects.none()
    qs = Case.objects.filter(council=council).select_related("person", "owner")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at")


def case_get_for(*, actor: User, council: Organisation, id: Any) -> Case:
    try:
        return (
            case_list_for(actor=actor, council=council)
            .prefetch_related(
                Prefetch("incidents", queryset=Incident.objects.select_related("reporter", "triage").order_by("occurred_at")),
                Prefetch("decisions", queryset=Decision.objects.select_related("decided_by")),
                "person__adjustments",
            )
            .get(pk=id)
        )
    except (Case.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def cases_for_person(*, actor: User, council: Organisation, person: Any) -> QuerySet[Case]:
    return case_list_for(actor=actor, council=council).filter(person=person)


def decision_get_for(*, actor: User, council: Organisation, id: Any) -> Decision:
    """A decision on a case the actor may see (its case's council and CASE_VIEW); anything else is 404."""
    if not can(actor, Action.CASE_VIEW, council):
        raise Http404
    try:
        return Decision.objects.select_related("case", "case__person", "case__owner", "decided_by").get(council=council, pk=id)
    except (Decision.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def warnings_before(case: Case, *, today: date | None = None) -> dict[str, bool]:
    """Whether an informal or formal warning is in force (shown on the decision page, R17). An expired warning
    or one withdrawn on appeal no longer counts towards escalation (R20; cases/warnings.py)."""
    informal = any(has_informal_warning(i) and informal_warning_status(i.triage, today=today).is_current
                   for i in case.incidents.all())
    formal = any(d.outcome == Decision.Outcome.FORMAL_WARNING and formal_warning_status(d, today=today).is_current
                 for d in case.decisions.all())
    return {"informal": informal, "formal": formal}
