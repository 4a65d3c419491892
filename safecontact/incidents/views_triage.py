"""The triage queue and the triage page (manager or the council's triage queue)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.cases.facts import audit_facts_viewed, decision_facts_for
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.incidents import rules, selectors
from safecontact.incidents.forms import TriageForm
from safecontact.incidents.services_triage import incident_triage


@requires(Action.INCIDENT_TRIAGE)
def triage_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.triage_queue_for(actor=request.user, council=request.council)  # type: ignore[arg-type,attr-defined]
    show = request.GET.get("show", "")
    if show == "late":
        queue = selectors.late_for_triage(queue)
    page = paginate(request, queue)
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="triage_queue")  # type: ignore[attr-defined]
    return render(request, "incidents/triage_queue.html", {"page": page, "today": timezone.localdate(), "show": show})


@requires(Action.INCIDENT_TRIAGE)
def triage(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident = selectors.triage_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    form = TriageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident_triage(actor=actor, council=council, incident=incident, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Triage recorded for {incident.reference}. The reporter has been told.")
            return redirect("incidents:triage_queue")
    audit_access(actor=actor, council=council, subject=incident)
    facts = decision_facts_for(user=actor, council=council, incident=incident)  # type: ignore[arg-type]
    audit_facts_viewed(actor=actor, council=council, facts=facts, already=incident)  # type: ignore[arg-type]
    context = {"incident": incident, "form": form, "today": timezone.localdate(), "immediate_actions": dict(rules.IMMEDIATE_ACTIONS),
               "facts": facts}
    return render(request, "incidents/triage.html", context)
