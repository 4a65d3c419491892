from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact import matching
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.checks import selectors
from safecontact.checks.forms import CheckForm
from safecontact.checks.presenters import result_for
from safecontact.checks.services import CheckQuery, check_acknowledge, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate


@requires(Action.CHECK_RUN)
def check_start(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, initial={k: request.GET.get(k, "") for k in ("address", "postcode", "uprn")})
    if request.method == "POST" and form.is_valid():
        try:
            result = check_run(actor=request.user, council=request.council, query=CheckQuery(**form.cleaned_data))  # type: ignore[attr-defined]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("checks:result", id=result.check.pk)
    return render(request, "checks/check_start.html", {"form": form})


@requires(Action.CHECK_RUN)
def check_result(request: HttpRequest, id: str) -> HttpResponse:
    check = selectors.check_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=check)  # type: ignore[attr-defined]
    return render(request, "checks/check_result.html", {"result": result_for(check), "check": check})


@requires(Action.CHECK_RUN)
@require_POST
def check_acknowledge_view(request: HttpRequest, id: str) -> HttpResponse:
    check = selectors.check_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    check_acknowledge(actor=request.user, check=check)
    messages.success(request, "Thank you. Your acknowledgement is recorded. Stay safe.")
    return redirect("checks:result", id=check.pk)


@requires(Action.CHECK_RUN)
def my_checks(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.checks_by(actor=request.user, council=request.council))  # type: ignore[arg-type,attr-defined]
    return render(request, "checks/my_checks.html", {"page": page})


@requires(Action.CHECK_TEAM_VIEW)
def team_checks(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.checks_by_team_of(manager=request.user, council=request.council))  # type: ignore[arg-type,attr-defined]
    return render(request, "checks/team_checks.html", {"page": page})


@requires(Action.ADDRESS_LOOKUP)
def address_lookup(request: HttpRequest) -> HttpResponse:
    """Postcode lookup that works without JavaScript; the check form links here."""
    typed = request.GET.get("postcode", "").strip()
    postcode = matching.normalise_postcode(typed) if typed else None
    error = "Enter a real postcode, like GL50 1PQ." if typed and postcode is None else ""
    addresses = selectors.addresses_at(postcode=postcode) if postcode else []
    if request.GET.get("format") == "json":  # for js/address-autocomplete.mjs
        rows = [{"uprn": a.uprn, "line1": a.line1, "line2": a.line2, "town": a.town, "postcode": a.postcode} for a in addresses]
        return JsonResponse(rows, safe=False, status=200 if postcode else 400)
    return render(request, "checks/address_lookup.html", {"typed": typed, "postcode": postcode, "addresses": addresses, "error": error})
