"""Recording an appeal against a warning received by letter, email, phone or in person (R19, R68), reached from
the warning: the case page for a formal warning, the report's page for an informal one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.appeals import services
from safecontact.appeals.forms import WarningAppealRecordForm
from safecontact.audit.services import audit_access
from safecontact.cases.models import Decision
from safecontact.cases.selectors import decision_get_for
from safecontact.cases.warnings import formal_warning_status, has_informal_warning, informal_warning_status
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.incidents.selectors import incident_get_for
from safecontact.letters.selectors import warning_letter_issued


@requires(Action.APPEAL_RECORD)
def appeal_record_formal_warning(request: HttpRequest, decision_id: str) -> HttpResponse:
    decision = decision_get_for(actor=request.user, council=request.council, id=decision_id)  # type: ignore[arg-type,attr-defined]
    if decision.outcome != Decision.Outcome.FORMAL_WARNING:
        raise Http404
    return _record(request, {"decision": decision}, kind="formal warning", person=decision.case.person,
                   status=formal_warning_status(decision), back=("cases:case_detail", decision.case_id))


@requires(Action.APPEAL_RECORD)
def appeal_record_informal_warning(request: HttpRequest, incident_id: str) -> HttpResponse:
    incident = incident_get_for(actor=request.user, council=request.council, id=incident_id)  # type: ignore[arg-type,attr-defined]
    if not has_informal_warning(incident):
        raise Http404
    return _record(request, {"incident": incident}, kind="informal warning", person=incident.person,
                   status=informal_warning_status(incident.triage), back=("incidents:incident_detail", incident.pk))


def _record(request: HttpRequest, warning: dict[str, Any], *, kind: str, person: Any, status: Any, back: tuple[str, Any]) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    form = WarningAppealRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = services.appeal_record(
                actor=request.user, council=council, letter=warning_letter_issued(**warning), received_on=data["received_on"],  # type: ignore[arg-type]
                channel=data["channel"], grounds=data["grounds"], grounds_detail=data["grounds_detail"], document=data["document"],
                **warning,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Appeal {appeal.reference} recorded.")
            return redirect("appeals:appeal_detail", id=appeal.pk)
    audit_access(actor=request.user, council=council, subject=next(iter(warning.values())))
    return render(request, "appeals/appeal_record_warning.html", {
        "form": form, "kind": kind, "person": person, "status": status, "back_url": back,
    })
