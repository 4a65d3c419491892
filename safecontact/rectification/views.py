"""Pages for requests to correct, restrict or stop using a customer's records (R79). Thin: selectors read, services
write, every view of a request is audited (it quotes what the customer said about their record)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.people.selectors import person_get_for
from safecontact.rectification import clock, selectors, services
from safecontact.rectification.forms import DecideForm, ExtendForm, RecordForm, StatementForm


@requires(Action.RECTIFICATION_VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    show = show if show in selectors.SHOW else "open"
    sort = request.GET.get("sort", "due")
    sort = sort if sort in selectors.SORTS else "due"
    qs = selectors.request_list_for(actor=request.user, council=request.council, show=show, sort=sort)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="rectification requests")  # type: ignore[attr-defined]
    return render(request, "rectification/request_list.html", {
        "page": paginate(request, qs), "show": show, "shows": selectors.SHOW.items(), "sort": sort})


@requires(Action.RECTIFICATION_VIEW)
def request_detail(request: HttpRequest, id: str, **forms: object) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    item = selectors.request_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=item)
    may_decide = item.is_open and can(request.user, Action.RECTIFICATION_DECIDE, council)  # type: ignore[arg-type]
    may_state = item.status != "upheld" and can(request.user, Action.RECTIFICATION_RECORD, council)  # type: ignore[arg-type]
    return render(request, "rectification/request_detail.html", {
        "item": item, "extended_to": clock.extended_due_date(item.received_on),
        "decide_form": forms.get("decide_form") or (DecideForm() if may_decide else None),
        "extend_form": forms.get("extend_form") or (ExtendForm() if may_decide and not item.extended_due_on else None),
        "statement_form": forms.get("statement_form") or (StatementForm(initial={"statement": item.statement}) if may_state else None),
    })


@requires(Action.RECTIFICATION_RECORD)
def request_record(request: HttpRequest, person_id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    person = person_get_for(actor=request.user, council=council, id=person_id)  # type: ignore[arg-type]
    form = RecordForm(request.POST or None, measures=person.measures.filter(council=council).order_by("-created_at"),  # type: ignore[attr-defined]
                      incidents=person.incidents.filter(council=council).exclude(status="draft").order_by("-created_at"),  # type: ignore[attr-defined]
                      initial={"measure": request.GET.get("measure")})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.rectification_record(actor=request.user, council=council, person=person, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Request {item.reference} recorded. Reply by {item.due_on:%-d %B %Y}.")
            return redirect("rectification:request_detail", id=item.pk)
    return render(request, "rectification/request_record.html", {"form": form, "person": person})


def _post(request: HttpRequest, id: str, form_class: type, form_name: str, act, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    item = selectors.request_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(item, form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, done.format(reference=item.reference))
            return redirect("rectification:request_detail", id=item.pk)
    return request_detail.__wrapped__(request, id, **{form_name: form})  # type: ignore[attr-defined]


@requires(Action.RECTIFICATION_DECIDE)
@require_POST
def request_extend(request: HttpRequest, id: str) -> HttpResponse:
    return _post(request, id, ExtendForm, "extend_form",
                 lambda item, data: services.rectification_extend(actor=request.user, request=item, reason=data["reason"]),  # type: ignore[arg-type]
                 "{reference}: deadline extended by two months. Tell the customer why.")


@requires(Action.RECTIFICATION_RECORD)
@require_POST
def request_statement(request: HttpRequest, id: str) -> HttpResponse:
    return _post(request, id, StatementForm, "statement_form",
                 lambda item, data: services.rectification_statement_add(actor=request.user, request=item, statement=data["statement"]),  # type: ignore[arg-type]
                 "{reference}: the customer's statement is now shown beside the record.")


@requires(Action.RECTIFICATION_DECIDE)
@require_POST
def request_decide(request: HttpRequest, id: str) -> HttpResponse:
    return _post(request, id, DecideForm, "decide_form",
                 lambda item, data: services.rectification_decide(actor=request.user, request=item, **data),  # type: ignore[arg-type]
                 "{reference} decided. The outcome letter is ready for the register officers to check and issue.")
