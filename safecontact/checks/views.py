from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact import matching
from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import customer_relations_for
from safecontact.audit.services import audit_access
from safecontact.checks import selectors
from safecontact.checks.forms import CheckForm
from safecontact.checks.presenters import result_for
from safecontact.checks.services import CheckQuery, check_acknowledge, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.core.ratelimit import RateLimitedError, too_many_requests


@requires(Action.CHECK_RUN)
def check_start(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, initial=_chosen_address(request.council, request.GET.get("address_id")))  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            result = check_run(actor=request.user, council=request.council, query=CheckQuery(**form.cleaned_data),  # type: ignore[attr-defined]
                               with_precautions=False, enforce_rate_limits=True)  # the result page reads the precautions
        except RateLimitedError as error:
            return too_many_requests(request, error, template="errors/rate_limited.html")
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("checks:result", id=result.check.pk)
    return render(request, "checks/check_start.html", {"form": form})


@requires(Action.CHECK_RUN)
def check_result(request: HttpRequest, id: str) -> HttpResponse:
    check = selectors.check_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=check)  # type: ignore[attr-defined]
    return render(request, "checks/check_result.html", {
        "result": result_for(check), "check": check, "customer_relations": customer_relations_for(council=request.council),  # type: ignore[attr-defined]
        # A check comes before a contact; the quickest way to report what then happened is from here.
        "can_report": can(request.user, Action.INCIDENT_REPORT, request.council)})  # type: ignore[arg-type,attr-defined]


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


def _chosen_address(council: Organisation | None, address_id: str | None) -> dict[str, str]:
    """The check form, filled in with the address picked on the look-up page (linked by its opaque id)."""
    address = selectors.address_get(council=council, id=address_id) if address_id else None
    if address is None:
        return {}
    return {"address": ", ".join(part for part in (address.line1, address.line2) if part), "postcode": address.postcode,
            "uprn": address.uprn}


@requires(Action.ADDRESS_LOOKUP)
def address_lookup(request: HttpRequest) -> HttpResponse:
    """Postcode lookup that works without JavaScript; the check form links here. The postcode is POSTed (a
    postcode in a URL would reach the access logs); each address found links back to the check by its id."""
    typed = request.POST.get("postcode", "").strip()
    postcode = matching.normalise_postcode(typed) if typed else None
    error = "Enter a real postcode, like GL50 1PQ." if typed and postcode is None else ""
    addresses = selectors.addresses_at(council=request.council, postcode=postcode) if postcode else []  # type: ignore[attr-defined]
    if request.POST.get("format") == "json":  # for js/address-autocomplete.mjs
        rows = [{"uprn": a.uprn, "line1": a.line1, "line2": a.line2, "town": a.town, "postcode": a.postcode} for a in addresses]
        return JsonResponse(rows, safe=False, status=200 if postcode else 400)
    return render(request, "checks/address_lookup.html", {"typed": typed, "postcode": postcode, "addresses": addresses, "error": error})
