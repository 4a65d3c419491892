"""The customer's appeal page. No account; CSRF-protected; throttled per address; the answer is the
same whether or not the reference exists, so the page reveals nothing about the register."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.decorators import public
from safecontact.appeals import services
from safecontact.appeals.forms import PublicAppealForm
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error

LIMIT, WINDOW_SECONDS = 5, 600


def _throttled(request: HttpRequest) -> bool:
    key = f"appeal-public:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > LIMIT


@public
def appeal_start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _throttled(request):
        return render(request, "appeals/public_throttled.html", status=429)
    form = PublicAppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.appeal_submit_public(reference=data["reference"], code=data["code"], grounds=data["grounds"],
                                          grounds_detail=data["grounds_detail"], contact_email=data["contact_email"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return redirect("appeal:appeal_sent")
    return render(request, "appeals/public_start.html", {"form": form})


@public
def appeal_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "appeals/public_sent.html")
