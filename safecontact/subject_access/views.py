"""The DPO's subject access pages (R78): the requests and their deadlines, one request's bundle to review and redact,
and the bundle as PDF, JSON or CSV. Thin: services write, selectors read; every page and download is audited."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.csv_export import csv_download
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.people.selectors import person_get_for
from safecontact.subject_access import rendering, selectors, services
from safecontact.subject_access.forms import ExtendForm, RedactForm, StartForm
from safecontact.subject_access.models import SubjectAccessRequest
from safecontact.subject_access.selectors_bundle import find_item, redacted_bundle_for


def _with_clock(sar: SubjectAccessRequest, today: date) -> None:
    """Days left (or overdue by) for the template, which cannot call a method with an argument."""
    left = sar.days_left(today)
    sar.left, sar.overdue_by = left, max(0, -left)  # type: ignore[attr-defined]


@requires(Action.SUBJECT_ACCESS_VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    sort = "-due" if request.GET.get("sort") == "-due" else "due"
    page = paginate(request, selectors.sar_list_for(council=council, sort=sort))
    today = timezone.localdate()
    page.object_list = list(page.object_list)
    for sar in page.object_list:
        _with_clock(sar, today)
    audit_access(actor=request.user, council=council, subject=council, list_of="subject_access_requests")
    return render(request, "subject_access/request_list.html", {"page": page, "sort": sort})


@requires(Action.SUBJECT_ACCESS_HANDLE)
def request_start(request: HttpRequest, person_id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    person = person_get_for(actor=request.user, council=council, id=person_id)  # type: ignore[arg-type]
    form = StartForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.sar_start(actor=request.user, council=council, person=person,  # type: ignore[arg-type]
                                     received_on=form.cleaned_data["received_on"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Subject access request {sar.reference} started: answer by {sar.due_on:%-d %B %Y}.")
            return redirect("subject_access:request_detail", id=sar.pk)
    existing = selectors.sar_open_for_person(council=council, person=person)
    return render(request, "subject_access/request_start.html", {"form": form, "person": person, "existing": existing})


@requires(Action.SUBJECT_ACCESS_VIEW)
def request_detail(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    council = request.council  # type: ignore[attr-defined]
    sar = selectors.sar_get_for(council=council, id=id)
    audit_access(actor=request.user, council=council, subject=sar.person)  # the bundle shows the person's record
    today = timezone.localdate()
    _with_clock(sar, today)
    return render(request, "subject_access/request_detail.html", {
        "sar": sar, "sections": redacted_bundle_for(request=sar), "redactions": selectors.redaction_list_for(request=sar),
        "days_left": sar.days_left(today), "overdue": sar.is_overdue(today), "next_steps": services.NEXT[sar.status],
        "can_extend": not sar.extension_months and not sar.is_answered and sar.due_on >= today,
    })


@requires(Action.SUBJECT_ACCESS_HANDLE)
def request_extend(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    sar = selectors.sar_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    form = ExtendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sar = services.sar_extend(actor=request.user, request=sar, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Deadline extended to {sar.due_on:%-d %B %Y}. Tell the person why.")
            return redirect("subject_access:request_detail", id=sar.pk)
    return render(request, "subject_access/request_extend.html", {"form": form, "sar": sar})


@requires(Action.SUBJECT_ACCESS_HANDLE)
def redaction_add(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    """Redact within one item (`item` names it), or words throughout the bundle (no `item`)."""
    sar = selectors.sar_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    key = (request.POST.get("item") if request.method == "POST" else request.GET.get("item")) or ""
    item = find_item(redacted_bundle_for(request=sar), key) if key else None
    if key and item is None:
        raise Http404
    fields = [(f.key, f"{f.label}: {f.value[:60]}") for f in item.fields if not f.withheld] if item else []
    form = RedactForm(request.POST or None, fields=fields)
    if request.method != "POST" and item is not None:
        audit_access(actor=request.user, council=request.council, subject=sar.person)  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        labels = {f.key: f.label for f in item.fields} if item else {}
        try:
            services.redaction_add(actor=request.user, request=sar, item_key=key, item_title=item.title if item else "",  # type: ignore[arg-type]
                                   field=data.get("field", ""), field_label=labels.get(data.get("field", ""), ""),
                                   text=data["text"], reason=data["reason"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Redaction recorded. It is applied to the bundle and its downloads.")
            return redirect("subject_access:request_detail", id=sar.pk)
    return render(request, "subject_access/redaction_add.html", {"form": form, "sar": sar, "item": item, "key": key})


@requires(Action.SUBJECT_ACCESS_HANDLE)
@require_POST
def request_status(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    sar = selectors.sar_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    try:
        sar = services.sar_status_set(actor=request.user, request=sar, status=request.POST.get("status", ""))  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Request {sar.reference}: {sar.get_status_display().lower()}.")
    return redirect("subject_access:request_detail", id=sar.pk)


def _download(request: HttpRequest, id: str, kind: str) -> HttpResponse:
    sar = selectors.sar_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    sections = redacted_bundle_for(request=sar)
    services.bundle_download_record(actor=request.user, request=sar, kind=kind, redactions=sar.redactions.count())  # type: ignore[arg-type]
    filename = f"{sar.reference}-personal-information"
    if kind == "csv":
        return csv_download(filename=f"{filename}.csv", header=rendering.CSV_HEADER, rows=rendering.bundle_csv_rows(sections))
    if kind == "json":
        body, content_type = rendering.bundle_json(request=sar, sections=sections), "application/json"
    else:
        body, content_type = rendering.bundle_pdf(request=sar, sections=sections), "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    response["Cache-Control"] = "no-store, private"
    return response


@requires(Action.SUBJECT_ACCESS_HANDLE)
def bundle_pdf(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    return _download(request, id, "pdf")


@requires(Action.SUBJECT_ACCESS_HANDLE)
def bundle_json(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    return _download(request, id, "json")


@requires(Action.SUBJECT_ACCESS_HANDLE)
def bundle_csv(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    return _download(request, id, "csv")
