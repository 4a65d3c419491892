from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.core.exceptions import ApplicationError
from safecontact.core.pagination import paginate
from safecontact.notifications import selectors, services


@requires(Action.STAFF_EMAIL_VIEW)
def staff_email_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    show = request.GET.get("show", selectors.OPEN)
    show = show if show in selectors.SHOW else selectors.OPEN
    qs = selectors.staff_email_list_for(actor=request.user, council=council, show=show)  # type: ignore[arg-type]
    return render(request, "notifications/staff_email_list.html", {
        "page": paginate(request, qs), "show": show, "choices": selectors.SHOW.items(),
        "failed": selectors.staff_emails_failed_count(council=council),
        "can_retry": can(request.user, Action.STAFF_EMAIL_RETRY, council),  # type: ignore[arg-type]
    })


@requires(Action.STAFF_EMAIL_RETRY)
@require_POST
def staff_email_retry(request: HttpRequest, id: str) -> HttpResponse:
    email = selectors.staff_email_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        services.staff_email_retry(actor=request.user, email=email)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The email will be sent again now.")
    return redirect("notifications:staff_email_list")


@requires(Action.STAFF_EMAIL_RETRY)
@require_POST
def staff_emails_retry_failed(request: HttpRequest) -> HttpResponse:
    count = services.staff_emails_retry_failed(actor=request.user, council=request.council)  # type: ignore[arg-type,attr-defined]
    messages.success(request, f"{count} email{'s' if count != 1 else ''} will be sent again now.")
    return redirect("notifications:staff_email_list")
