from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.appeals import selectors, services
from safecontact.appeals.forms import AppealRecordForm, AssignForm, DecideForm
from safecontact.audit.services import audit_access
from safecontact.core.downloads import evidence_file_response
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.incidents.uploads import served_content_type
from safecontact.register.selectors import measure_list_for


@requires(Action.APPEAL_VIEW)
def appeal_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    show = show if show in selectors.SHOW else "open"
    qs = selectors.appeal_list_for(actor=request.user, council=request.council, show=show)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="appeals")  # type: ignore[attr-defined]
    return render(request, "appeals/appeal_list.html", {"page": paginate(request, qs), "show": show, "shows": selectors.SHOW.items(),
                                                        "can_record": can(request.user, Action.APPEAL_RECORD, request.council)})  # type: ignore[arg-type,attr-defined]


@requires(Action.APPEAL_VIEW)
def appeal_detail(request: HttpRequest, id: str, assign_form: AssignForm | None = None, decide_form: DecideForm | None = None) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    appeal = selectors.appeal_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=appeal)
    can_assign = can(request.user, Action.APPEAL_ASSIGN, council) and appeal.status != "decided"  # type: ignore[arg-type]
    can_decide = appeal.status == "assigned" and appeal.appeals_officer_id == request.user.pk and can(request.user, Action.APPEAL_DECIDE, council)  # type: ignore[arg-type]
    officers = selectors.appeals_officers_for(council=council).filter(pk__in=[u.pk for u in selectors.eligible_officers_for(appeal=appeal)])
    return render(request, "appeals/appeal_detail.html", {
        "appeal": appeal, "can_assign": can_assign, "can_decide": can_decide,
        "assign_form": assign_form or AssignForm(officers=officers), "decide_form": decide_form or (DecideForm(measure=appeal.measure) if can_decide else None),
    })


@requires(Action.APPEAL_RECORD)
def appeal_record(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    measures = measure_list_for(actor=request.user, council=council, status="live").filter(person__isnull=False)  # type: ignore[arg-type]
    form = AppealRecordForm(request.POST or None, request.FILES or None, measures=measures, initial={"measure": request.GET.get("measure")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = services.appeal_record(
                actor=request.user, council=council, measure=data["measure"], received_on=data["received_on"],  # type: ignore[arg-type]
                channel=data["channel"], grounds=data["grounds"], grounds_detail=data["grounds_detail"], document=data["document"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Appeal {appeal.reference} recorded.")
            return redirect("appeals:appeal_detail", id=appeal.pk)
    return render(request, "appeals/appeal_record.html", {"form": form})


@requires(Action.APPEAL_ASSIGN)
@require_POST
def appeal_assign(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    appeal = selectors.appeal_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    form = AssignForm(request.POST, officers=selectors.appeals_officers_for(council=council))
    if form.is_valid():
        try:
            services.appeal_assign(actor=request.user, appeal=appeal, officer=form.cleaned_data["officer"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{appeal.reference} assigned.")
            return redirect("appeals:appeal_detail", id=appeal.pk)
    return appeal_detail.__wrapped__(request, id, assign_form=form)  # type: ignore[attr-defined]


@requires(Action.APPEAL_DECIDE)
@require_POST
def appeal_decide(request: HttpRequest, id: str) -> HttpResponse:
    appeal = selectors.appeal_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = DecideForm(request.POST, measure=appeal.measure)
    if form.is_valid():
        try:
            services.appeal_decide(actor=request.user, appeal=appeal, **form.service_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{appeal.reference} decided. The outcome letter is ready to check and issue.")
            return redirect("appeals:appeal_detail", id=appeal.pk)
    return appeal_detail.__wrapped__(request, id, decide_form=form)  # type: ignore[attr-defined]


@requires(Action.APPEAL_VIEW)
def appeal_document(request: HttpRequest, id: str, document_id: str) -> HttpResponse:
    appeal = selectors.appeal_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    document = selectors.appeal_document_get_for(appeal=appeal, id=document_id)
    audit_access(actor=request.user, council=request.council, subject=document)  # type: ignore[attr-defined]
    return evidence_file_response(request, document.file, filename=document.original_name,
                                  content_type=served_content_type(document.content_type))  # decrypted here only (ADR 0018)

