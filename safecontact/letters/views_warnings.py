"""Preparing a warning letter from the case page (formal warning) or the report's page (informal warning). The
letter is then checked and issued on its own page, like every other letter."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.cases.selectors import decision_get_for
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.selectors import incident_get_for
from safecontact.letters import services


@requires(Action.LETTER_PREPARE)
@require_POST
def formal_warning_letter_prepare(request: HttpRequest, decision_id: str) -> HttpResponse:
    decision = decision_get_for(actor=request.user, council=request.council, id=decision_id)  # type: ignore[arg-type,attr-defined]
    try:
        letter = services.formal_warning_letter_prepare(actor=request.user, council=request.council, decision=decision)  # type: ignore[arg-type,attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("cases:case_detail", id=decision.case_id)
    return redirect("letters:letter_detail", id=letter.pk)


@requires(Action.LETTER_PREPARE)
@require_POST
def informal_warning_letter_prepare(request: HttpRequest, incident_id: str) -> HttpResponse:
    incident = incident_get_for(actor=request.user, council=request.council, id=incident_id)  # type: ignore[arg-type,attr-defined]
    try:
        letter = services.informal_warning_letter_prepare(actor=request.user, council=request.council, incident=incident)  # type: ignore[arg-type,attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("incidents:incident_detail", id=incident.pk)
    return redirect("letters:letter_detail", id=letter.pk)
