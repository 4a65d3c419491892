"""The DPO's retention pages: periods, what is due, the disposal log, legal holds. Thin: services write."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_access, audit_record
from safecontact.core.csv_export import csv_download
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.retention import selectors, services
from safecontact.retention.forms import LegalHoldForm, LiftForm, PeriodForm
from safecontact.retention.policies import RULES_BY_CLASS


@requires(Action.RETENTION_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    council, user = request.council, request.user  # type: ignore[attr-defined]
    holds = selectors.legal_hold_list_for(council=council)
    audit_access(actor=user, council=council, subject=council, list_of="legal_holds")
    return render(request, "retention/overview.html", {
        "table": selectors.retention_table_for(council=council),
        "plan": [(RULES_BY_CLASS[key].label, count)
                 for key, count in selectors.retention_plan(council=council, today=timezone.localdate())],
        "holds": holds,
        "can_edit": can(user, Action.RETENTION_EDIT, council),  # type: ignore[arg-type]
        "can_hold": can(user, Action.LEGAL_HOLD_PLACE, council),  # type: ignore[arg-type]
    })


@requires(Action.RETENTION_VIEW)
def disposal_log(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.disposal_log_for(council=request.council))  # type: ignore[attr-defined]
    return render(request, "retention/disposal_log.html", {"page": page})


@requires(Action.RETENTION_VIEW)
def disposal_log_export(request: HttpRequest) -> HttpResponse:
    """R66: the disposal log as CSV for audit. Same rows as the page (counts per class, never which records), so
    whoever may read the page may take a copy; the download is in the audit trail."""
    council = request.council  # type: ignore[attr-defined]
    rows = list(selectors.disposal_log_for(council=council))
    audit_record(actor=request.user, event=EventType.RETENTION_LOG_EXPORTED, council=council, subject=council,
                 data={"rows": len(rows)})
    return csv_download(filename=f"disposal-log-{timezone.localdate():%Y-%m-%d}.csv",
                        header=["Date", "Record class", "What was done", "Records"],
                        rows=([f"{r.disposed_on:%Y-%m-%d}", r.get_record_class_display(), r.get_action_display(), r.count]
                              for r in rows))


@requires(Action.RETENTION_EDIT)
def period_edit(request: HttpRequest, record_class: str) -> HttpResponse:
    rule = RULES_BY_CLASS.get(record_class)
    if rule is None or not rule.overridable:
        raise Http404
    current = selectors.retention_periods(council=request.council)[record_class]  # type: ignore[attr-defined]
    form = PeriodForm(request.POST or None, initial={"months": current}, min_months=rule.min_months or 0, max_months=rule.max_months or 0)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_period_set(actor=request.user, council=request.council, record_class=record_class,  # type: ignore[arg-type,attr-defined]
                                          months=form.cleaned_data["months"], reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{rule.label}: period saved.")
            return redirect("retention:overview")
    return render(request, "retention/period_edit.html", {"form": form, "rule": rule, "current": current})


@requires(Action.LEGAL_HOLD_PLACE)
def legal_hold_place(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    form = LegalHoldForm(request.POST or None)
    subject = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject = selectors.hold_subject_for(council=council, kind=data["kind"], reference=data["reference"])
        if subject is None:
            form.add_error("reference", "No record in this council has that reference.")
        else:  # the confirmation page names the person or case
            audit_access(actor=request.user, council=council, subject=subject)
        if subject is not None and request.POST.get("confirmed") == "yes":
            person, case = (subject, None) if data["kind"] == "person" else (None, subject)
            try:
                services.legal_hold_place(actor=request.user, council=council, reason=data["reason"],  # type: ignore[arg-type]
                                          person=person, case=case)  # type: ignore[arg-type]
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, "Legal hold placed: nothing connected with it will be disposed of until it is lifted.")
                return redirect("retention:overview")
    confirm = subject is not None and not form.errors
    return render(request, "retention/legal_hold_place.html", {"form": form, "subject": subject, "confirm": confirm})


@requires(Action.LEGAL_HOLD_PLACE)
def legal_hold_lift(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    hold = selectors.legal_hold_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    audit_access(actor=request.user, council=request.council, subject=hold)  # type: ignore[attr-defined]
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.legal_hold_lift(actor=request.user, hold=hold, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Legal hold lifted: the records follow the retention policy again from the next daily run.")
            return redirect("retention:overview")
    return render(request, "retention/legal_hold_lift.html", {"form": form, "hold": hold})
