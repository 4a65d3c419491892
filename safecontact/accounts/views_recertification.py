"""The quarterly access check (R28 in issue 17): the progress page for the DPO and system administrators, and each
line manager's own check, one role at a time."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.accounts import selectors_recertification as selectors
from safecontact.accounts import services_recertification as services
from safecontact.accounts.forms import RecertificationRemoveForm
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error


@requires(Action.RECERTIFICATION_MANAGE)
def recertification_progress(request: HttpRequest) -> HttpResponse:
    progress = selectors.recertification_progress(council=request.council)  # type: ignore[attr-defined]
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="recertification")  # type: ignore[attr-defined]
    return render(request, "accounts/recertification_progress.html", {
        "progress": progress, "reminder_days": settings.RECERTIFICATION_REMINDER_DAYS,
        "escalation_days": settings.RECERTIFICATION_ESCALATION_DAYS,
    })


@requires(Action.RECERTIFICATION_MANAGE)
@require_POST
def recertification_start(request: HttpRequest) -> HttpResponse:
    try:
        services.recertification_start(actor=request.user, council=request.council)  # type: ignore[arg-type,attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The access check has started: each line manager has been sent their staff's roles.")
    return redirect("accounts:recertification_progress")


@requires(Action.RECERTIFICATION_CONFIRM)
def recertification_task(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    task = selectors.recertification_task_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=task)  # type: ignore[attr-defined]
    return render(request, "accounts/recertification_task.html",
                  {"task": task, "items": selectors.recertification_items(task=task)})


@requires(Action.RECERTIFICATION_CONFIRM)
@require_POST
def recertification_confirm(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    item = selectors.recertification_item_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        services.recertification_decide(actor=request.user, item=item, keep=True)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Role confirmed as still needed.")
    return redirect("accounts:recertification_task", id=item.task_id)


@requires(Action.RECERTIFICATION_CONFIRM)
def recertification_remove(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    item = selectors.recertification_item_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = RecertificationRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.recertification_decide(actor=request.user, item=item, keep=False, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Role removed: they lose this access at once.")
            return redirect("accounts:recertification_task", id=item.task_id)
    return render(request, "accounts/recertification_remove.html", {"item": item, "form": form})
