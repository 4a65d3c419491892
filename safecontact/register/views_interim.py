"""The urgent interim safety marker: approved by a decision-maker straight from the incident (serious-threat route),
and confirmed later by a full decision on the customer's case (issue 11)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.incidents.selectors import incident_get_for
from safecontact.register import selectors, services
from safecontact.register.forms import InterimMarkerForm, person_label
from safecontact.register.services_interim import interim_days, measure_interim_approve, measure_interim_confirm


@requires(Action.MEASURE_APPROVE)
def interim_marker(request: HttpRequest, incident_id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    incident = incident_get_for(actor=request.user, council=council, id=incident_id)  # type: ignore[arg-type]
    form = InterimMarkerForm(request.POST or None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            measure = measure_interim_approve(
                actor=request.user, council=council, incident=incident, reason=data["interim_reason"],  # type: ignore[arg-type]
                marker=services.MarkerDetails(risk_impact=data["risk_impact"], risk_likelihood=data["risk_likelihood"],
                                              risk_description=data["risk_description"], precautions=list(data["precautions"]),
                                              advice=data["advice"]))
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{measure.reference} is live as an interim marker until {measure.interim_until:%-d %B %Y}. "
                                      "It lapses then unless a decision on the customer's case confirms it.")
            return redirect("register:measure_detail", id=measure.pk)
    audit_access(actor=request.user, council=council, subject=incident)  # type: ignore[arg-type]
    return render(request, "register/interim_marker.html", {
        "form": form, "incident": incident, "days": interim_days(council=council),
        "person_label": person_label(incident.person) if incident.person else "",
    })


@requires(Action.MEASURE_APPROVE)
@require_POST
def interim_confirm(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    measure = selectors.measure_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    decision = selectors.decision_for_confirming(council=council, id=request.POST.get("decision"))
    try:
        measure = measure_interim_confirm(actor=request.user, measure=measure, decision=decision)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{measure.reference} is confirmed by the decision on {decision.case.reference}. "
                                  f"Its next review is due by {measure.review_due:%-d %B %Y}.")
    return redirect("register:measure_detail", id=measure.pk)
