from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.cases.facts import audit_facts_viewed, decision_facts_for
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.incidents.selectors import visible_incident_ids
from safecontact.register import selectors, services
from safecontact.register.forms import ApproveForm, MarkerForm, RefuseForm, RestrictionForm, person_label
from safecontact.register.models import Measure

COMMON = ("originating_incident", "premises_uprn", "reasons", "services", "shared_with")


@requires(Action.REGISTER_VIEW)
def measure_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "live")
    if status not in ("live", "interim", *Measure.Status.values):
        status = "live"
    qs = selectors.measure_list_for(actor=request.user, council=request.council, status=status)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="register")  # type: ignore[attr-defined]
    return render(request, "register/measure_list.html", {
        "page": paginate(request, qs), "status": status, "statuses": [("live", "Live"), ("interim", "Interim, not yet confirmed"), *Measure.Status.choices],
        "can_propose": can(request.user, Action.MEASURE_PROPOSE, request.council),  # type: ignore[arg-type,attr-defined]
        "can_import": can(request.user, Action.REGISTER_IMPORT, request.council),  # type: ignore[arg-type,attr-defined]
    })


@requires(Action.REGISTER_VIEW)
def measure_detail(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    measure = selectors.measure_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    return _measure_page(request, measure)


def _measure_page(request: HttpRequest, measure: Measure, approve_form: ApproveForm | None = None,
                  refuse_form: RefuseForm | None = None) -> HttpResponse:
    """The entry; after a refused approve or refuse, the same page with the typed answers and the errors."""
    council = request.council  # type: ignore[attr-defined]
    audit_access(actor=request.user, council=council, subject=measure)
    can_approve = can(request.user, Action.MEASURE_APPROVE, council) and measure.status == "awaiting_approval"  # type: ignore[arg-type]
    return render(request, "register/measure_detail.html", {**_entry_facts(request, measure, can_approve),
        "measure": measure, "warnings": selectors.measure_warnings(measure=measure), "can_approve": can_approve,
        "approve_form": approve_form or ApproveForm(), "refuse_form": refuse_form or RefuseForm(),
        "versions": selectors.measure_versions(measure=measure),
        "checks": selectors.who_checked(measure=measure)[:50] if can(request.user, Action.CHECK_LOG_VIEW, council) else None,  # type: ignore[arg-type]
        "can_see_views": can(request.user, Action.RECORD_VIEWS_VIEW, council),  # type: ignore[arg-type]
    })


def _entry_facts(request: HttpRequest, measure: Measure, can_approve: bool) -> dict[str, object]:
    """Whether the entry's incident reference may be a link, and (for the decision-maker approving) the facts the
    entry rests on: its case's, or the originating incident's for an entry without a case (issue 14)."""
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident_link = can(actor, Action.INCIDENT_VIEW, council) and bool(  # type: ignore[arg-type]
        visible_incident_ids(actor=actor, council=council, ids=[measure.originating_incident_id]))  # type: ignore[arg-type]
    if not can_approve:
        return {"incident_link": incident_link, "facts": None}
    case = measure.case or (measure.decision.case if measure.decision else None)
    facts = decision_facts_for(user=actor, council=council, case=case,  # type: ignore[arg-type]
                               incident=None if case else measure.originating_incident)
    audit_facts_viewed(actor=actor, council=council, facts=facts)  # type: ignore[arg-type]
    return {"incident_link": incident_link, "facts": facts}


def _propose(request: HttpRequest, form_class: type, template: str, kind: str) -> HttpResponse:
    """Proposing an entry starts from a recorded decision (issue 11): the person, case and decision come from it and
    are shown, not chosen; without one, the officer sees the decisions waiting for an entry."""
    council = request.council  # type: ignore[attr-defined]
    decision_id = request.GET.get("decision") or request.POST.get("decision")
    if not decision_id:  # the decisions waiting for an entry: the officer chooses one
        return _propose_start_page(request)
    measure_kind = Measure.Kind.SAFETY_MARKER if kind == "marker" else Measure.Kind.CONTACT_RESTRICTION
    decision = selectors.decision_for_proposal(actor=request.user, council=council, id=decision_id, kind=measure_kind)  # type: ignore[arg-type]
    case = decision.case
    incidents = case.incidents.filter(person_id=case.person_id).order_by("-occurred_at")
    initial = {"originating_incident": incidents.first().pk if incidents.count() == 1 else None}  # type: ignore[union-attr]
    form = form_class(request.POST or None, council=council, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        common = {k: data.pop(k) for k in COMMON}
        extra = {"premises_only": data.pop("premises_only", False), "representative": data.pop("representative", None)}
        details = services.MarkerDetails(**data) if kind == "marker" else services.RestrictionDetails(**data)
        try:
            measure = services.measure_propose(
                actor=request.user, council=council, decision=decision, originating_incident=common["originating_incident"],  # type: ignore[arg-type]
                person=case.person, premises=common["premises_uprn"], reasons=common["reasons"],
                distribution=services.Distribution(services=list(common["services"]), shared_with=list(common["shared_with"])),
                **extra, **({"marker": details} if kind == "marker" else {"restriction": details}),  # type: ignore[arg-type]
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{measure.reference} sent to a decision-maker for approval.")
            return redirect("register:measure_detail", id=measure.pk)
    audit_access(actor=request.user, council=council, subject=case)  # type: ignore[arg-type]
    facts = decision_facts_for(user=request.user, council=council, case=case)  # type: ignore[arg-type]
    audit_facts_viewed(actor=request.user, council=council, facts=facts)  # type: ignore[arg-type]
    return render(request, template, {"form": form, "decision": decision, "case": case, "person": case.person,
                                      "person_label": person_label(case.person), "facts": facts})


@requires(Action.MEASURE_PROPOSE)
def propose_start(request: HttpRequest) -> HttpResponse:
    """Decisions that propose an entry and have none yet: where the register officer starts a proposal."""
    return _propose_start_page(request)


def _propose_start_page(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    page = paginate(request, selectors.decisions_awaiting_proposal(council=council))
    audit_access(actor=request.user, council=council, subject=council, list_of="decisions awaiting a proposal")  # type: ignore[arg-type]
    return render(request, "register/propose_start.html", {"page": page})


@requires(Action.MEASURE_PROPOSE)
def propose_marker(request: HttpRequest) -> HttpResponse:
    return _propose(request, MarkerForm, "register/propose_marker.html", "marker")


@requires(Action.MEASURE_PROPOSE)
def propose_restriction(request: HttpRequest) -> HttpResponse:
    return _propose(request, RestrictionForm, "register/propose_restriction.html", "restriction")


@requires(Action.MEASURE_APPROVE)
@require_POST
def measure_approve(request: HttpRequest, id: str) -> HttpResponse:
    """Approval makes the entry live and, in the same transaction, prepares the customer's letter or records the
    decision not to tell them yet (issue 11, R37)."""
    from safecontact.letters.services.approval import measure_approve_and_tell

    measure = selectors.measure_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = ApproveForm(request.POST)
    if not form.is_valid():
        return _measure_page(request, measure, approve_form=form)
    data = form.cleaned_data
    try:
        measure, letter = measure_approve_and_tell(
            actor=request.user, measure=measure, review_due=data["review_due"],  # type: ignore[arg-type]
            identity_override_reason=data["identity_override_reason"], notify=data["notify"] != "no",
            withheld_reasons=data["withheld_reasons"], reconsider_on=data["reconsider_on"])
    except ApplicationError as error:
        add_application_error(form, error)
        return _measure_page(request, measure, approve_form=form)
    if letter is not None:
        messages.success(request, f"{measure.reference} is live on the register. The customer's letter {letter.reference} is "
                                  "prepared for a register officer to check and issue.")
        return redirect("register:measure_detail", id=measure.pk)
    messages.success(request, f"{measure.reference} is live on the register.")
    return redirect("register:measure_detail", id=measure.pk)


@requires(Action.MEASURE_APPROVE)
@require_POST
def measure_refuse(request: HttpRequest, id: str) -> HttpResponse:
    measure = selectors.measure_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _measure_page(request, measure, refuse_form=form)
    try:
        services.measure_refuse(actor=request.user, measure=measure, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
    except ApplicationError as error:
        add_application_error(form, error)
        return _measure_page(request, measure, refuse_form=form)
    messages.success(request, f"{measure.reference} was not approved.")
    return redirect("register:measure_detail", id=measure.pk)
