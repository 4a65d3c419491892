"""The customer's own appeal page. No account; CSRF-protected; throttled per client address and per letter
reference, counted in the database so that every worker shares the count; the answer is the same whether or
not the reference exists, so the page reveals nothing about the register."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.decorators import public
from safecontact.appeals import services
from safecontact.appeals.forms import PublicAppealForm
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.ratelimit import RateLimitedError, client_address, too_many_requests


@public
def appeal_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            services.appeal_public_rate_enforce(client_address=client_address(request), reference=request.POST.get("reference", ""))
        except RateLimitedError as error:
            return too_many_requests(request, error, template="appeals/public_throttled.html")
    form = PublicAppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_submit_public(reference=data["reference"], code=data["code"], grounds=data["grounds"],
                                          grounds_detail=data["grounds_detail"], contact_email=data["contact_email"])
        except services.AppealAlreadyReceivedError as already:
            return render(request, "appeals/public_already_received.html", {"reference": already.reference})
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("appeal:appeal_sent")
    return render(request, "appeals/public_start.html", {"form": form})


@public
def appeal_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "appeals/public_sent.html")
