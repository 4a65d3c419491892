"""Reads about cases. Council-wide for the roles the matrix allows (register officers and
managers, decision-makers, the DPO); another council's cases are 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Case, Decision
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


def warnings_before(case: Case) -> dict[str, bool]:
    """Whether an informal or formal warning was given before (shown on the decision page, R17)."""
    informal = any(getattr(i, "triage", None) and i.triage.outcome == "informal_warning" for i in case.incidents.all())
    formal = any(d.outcome == Decision.Outcome.FORMAL_WARNING for d in case.decisions.all())
    return {"informal": informal, "formal": formal}
