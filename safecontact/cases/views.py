"""Cases and decisions: the decision-maker's queue, a case, opening one from a referred report,
and the decision form (refuses a decision without its reasons)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.cases import selectors, services
from safecontact.cases.facts import audit_facts_viewed, decision_facts_for
from safecontact.cases.forms import DecisionForm
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.incidents.selectors import incident_get_for, referred_incidents_for
from safecontact.people.selectors import adjustments_for
from safecontact.register.selectors import next_steps_for_case


@requires(Action.CASE_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    status = request.GET.get("status", "open")
    # ?show=referred (the home page's "Incidents referred for a decision") shows the referred reports alone.
    referred_only = request.GET.get("show") == "referred"
    page = paginate(request, selectors.case_list_for(actor=actor, council=council, status=status if status != "all" else ""))  # type: ignore[arg-type]
    audit_access(actor=actor, council=council, subject=council, list_of="cases")
    return render(request, "cases/case_list.html", {
        "page": page, "status": status, "referred": referred_incidents_for(council=council), "referred_only": referred_only,
        "can_open": can(actor, Action.CASE_OPEN, council),  # type: ignore[arg-type]
    })


@requires(Action.CASE_OPEN)
@require_POST
def case_open(request: HttpRequest, incident_id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident = incident_get_for(actor=actor, council=council, id=incident_id)  # type: ignore[arg-type]
    try:
        case = services.case_open_for_incident(actor=actor, council=council, incident=incident)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("incidents:incident_detail", id=incident.pk)
    messages.success(request, f"{incident.reference} is on case {case.reference}.")
    return redirect("cases:case_detail", id=case.pk)


@requires(Action.CASE_VIEW)
def case_detail(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    case = selectors.case_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=actor, council=council, subject=case)
    reported_by_me = any(i.reporter_id == actor.pk for i in case.incidents.all())
    return render(request, "cases/case_detail.html", {
        "case": case, "adjustments": adjustments_for(person=case.person), "warnings": selectors.warnings_before(case),
        "can_decide": can(actor, Action.DECISION_MAKE, council) and case.status == "open" and not reported_by_me,  # type: ignore[arg-type]
        "reported_by_me": reported_by_me, "next_steps": next_steps_for_case(actor=actor, case=case),  # type: ignore[arg-type]
    })


@requires(Action.DECISION_MAKE)
def decision_create(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    case = selectors.case_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    warnings = selectors.warnings_before(case)
    initial = {"warning_given_first": "yes" if warnings["informal"] or warnings["formal"] else None,
               "known_to_social_care": case.person.known_to_social_care if case.person.known_to_social_care != "not_checked" else None}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(actor=actor, council=council, case=case, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Decision recorded. The reporters have been told the outcome.")
            return redirect("cases:case_detail", id=case.pk)
    audit_access(actor=actor, council=council, subject=case)
    facts = decision_facts_for(user=actor, council=council, case=case)  # type: ignore[arg-type]
    audit_facts_viewed(actor=actor, council=council, facts=facts)  # type: ignore[arg-type]
    return render(request, "cases/decision_form.html", {
        "case": case, "form": form, "warnings": warnings, "facts": facts,
        "unconfirmed": [i for i in case.incidents.all() if i.identity_confirmation in ("", "witness_only", "not_confirmed")],
        "possible_need": any(getattr(i, "triage", None) and i.triage.possible_disability_or_need for i in case.incidents.all()),
        "reported_by_me": any(i.reporter_id == actor.pk for i in case.incidents.all()),
    })
