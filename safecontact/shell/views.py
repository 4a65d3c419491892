import sys
from http import HTTPStatus

from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from safecontact.access.checks import allowed_actions, roles_of
from safecontact.access.decorators import public, requires
from safecontact.access.policy import ACTION_DESCRIPTIONS, Action
from safecontact.core.exceptions import DATABASE_RETRY_AFTER_SECONDS, database_unavailable
from safecontact.core.models import DailyRun
from safecontact.core.pagination import paginate
from safecontact.shell.home import home_alerts_for, home_tasks_for, main_actions_for


@requires(Action.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    context = {
        "roles": sorted(roles_of(request.user, council), key=lambda r: r.label),  # type: ignore[arg-type]
        "main_actions": main_actions_for(request),
        "tasks": home_tasks_for(request),
        "alerts": home_alerts_for(request),
    }
    return render(request, "shell/home.html", context)


@requires(Action.HOME_VIEW)
def roles_allow(request: HttpRequest) -> HttpResponse:
    """What your roles allow: the permission sentences that used to end every home page, on a page of their own."""
    council = request.council  # type: ignore[attr-defined]
    return render(request, "shell/roles_allow.html", {
        "roles": sorted(roles_of(request.user, council), key=lambda r: r.label),  # type: ignore[arg-type]
        "abilities": [ACTION_DESCRIPTIONS[a] for a in allowed_actions(request.user, council)],  # type: ignore[arg-type]
    })


@requires(Action.JOB_RUN_VIEW)
def daily_run_list(request: HttpRequest) -> HttpResponse:
    # Runs span every council and hold counts only, never personal data, so no council filter is needed.
    return render(request, "core/daily_run_list.html", {"page": paginate(request, DailyRun.objects.all())})


@requires(Action.COUNCIL_SWITCH)
@require_POST
def council_switch(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("council", "")
    if any(str(c.pk) == wanted for c in request.councils):  # type: ignore[attr-defined]
        request.session["council_id"] = wanted
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


@public
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@public
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "reachable"})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django answers a SuspiciousOperation here, wherever the body was first read (the CSRF check or a view).
    A body over DATA_UPLOAD_MAX_MEMORY_SIZE (RequestDataTooBig) is 413, not 400: problem JSON for the API, a GOV.UK
    page otherwise. DRF views answer it in api/exceptions.py first."""
    too_large = isinstance(exception, RequestDataTooBig)
    if request.path.startswith("/api/"):
        status = 413 if too_large else 400
        detail = "The request body is too large. Send less data in one request." if too_large else "The request could not be read."
        title = HTTPStatus(status).phrase.capitalize()  # as api/exceptions.py titles DRF's errors
        return JsonResponse({"type": "about:blank", "title": title, "status": status, "detail": detail},
                            status=status, content_type="application/problem+json")
    if too_large:
        return render(request, "errors/413.html", status=413)
    return defaults.bad_request(request, exception)  # type: ignore[arg-type]


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):  # Django calls this while handling the error
        return database_unavailable_response(request)
    return render(request, "errors/500.html", status=500)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After while the database is down or restarting, wherever the error was raised (a view, the
    session or sign-in middleware). DRF views answer it in api/exceptions.py first. The page is rendered without
    the request: its context (navigation, the user's councils) would need the database."""
    if request.path.startswith("/api/"):
        detail = f"The service is unavailable for a moment. Try again in {DATABASE_RETRY_AFTER_SECONDS} seconds."
        response: HttpResponse = JsonResponse(
            {"type": "about:blank", "title": "Service unavailable", "status": 503, "detail": detail,
             "retry_after": DATABASE_RETRY_AFTER_SECONDS}, status=503, content_type="application/problem+json")
    else:
        response = HttpResponse(loader.render_to_string("errors/503.html"), status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


