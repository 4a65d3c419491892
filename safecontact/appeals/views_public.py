"""The customer's own appeal page, reached from the link in their letter. No account; CSRF-protected; throttled per
client address and per letter reference, counted in the database so that every worker shares the count.

Three steps, all without JavaScript: the form (letter reference, appeal code, grounds), then check your answers,
then a confirmation with the appeal's reference. A reference and code that match no letter are answered with the
same words whichever of the two is wrong, so the page reveals nothing else about the register. The pages carry
the council's name (from the letter's link), not the software's, and link to its privacy notice."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safecontact.access.decorators import public
from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import council_settings_for
from safecontact.appeals import services
from safecontact.appeals.forms import PublicAppealForm
from safecontact.appeals.models import Appeal
from safecontact.appeals.selectors import appeal_public_council
from safecontact.core.exceptions import ApplicationError
from safecontact.core.ratelimit import RateLimitedError, client_address, too_many_requests

SESSION_KEY = "public_appeal"  # the answers between the form and check-your-answers (the code was verified)
SENT_KEY = "public_appeal_sent"  # the appeal's reference and the council, for the confirmation page
NO_MATCH = "We could not match that reference and code. Check both against our letter and try again."
SERVICE_NAME = "Appeal a decision"


def _branding(council: Organisation | None) -> dict[str, Any]:
    """Context for base.html: the council's name in the header and its privacy notice, instead of the software's."""
    privacy_url = ""
    if council is not None:
        privacy_url = council_settings_for(council=council).privacy_notice_url or reverse(
            "appeal:appeal_privacy", kwargs={"council_slug": council.slug})
    start = reverse("appeal:appeal_start_for", kwargs={"council_slug": council.slug}) if council else reverse("appeal:appeal_start")
    return {"public_council": council, "public_privacy_url": privacy_url, "public_home_url": start,
            "service_name": SERVICE_NAME, "start_url": start}


def _council_from_session(request: HttpRequest, key: str) -> Organisation | None:
    slug = (request.session.get(key) or {}).get("council", "")
    return appeal_public_council(slug=slug) if slug else appeal_public_council()


@public
def appeal_start(request: HttpRequest, council_slug: str = "") -> HttpResponse:
    council = appeal_public_council(slug=council_slug)
    if request.method == "POST":
        try:
            services.appeal_public_rate_enforce(client_address=client_address(request), reference=request.POST.get("reference", ""))
        except RateLimitedError as error:
            return too_many_requests(request, error, template="appeals/public_throttled.html", context=_branding(council))
    saved = request.session.get(SESSION_KEY) or {}
    form = PublicAppealForm(request.POST or None, initial=saved.get("answers"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.appeal_public_letter(reference=data["reference"], code=data["code"], council=council)
        except services.AppealAlreadyReceivedError as already:
            return render(request, "appeals/public_already_received.html", {"reference": already.reference, **_branding(council)})
        if letter is None:
            form.add_error("reference", NO_MATCH)
        else:
            request.session[SESSION_KEY] = {"council": letter.council.slug, "answers": data}
            return redirect("appeal:appeal_check")
    return render(request, "appeals/public_start.html", {"form": form, **_branding(council)})


@public
def appeal_check(request: HttpRequest) -> HttpResponse:
    saved = request.session.get(SESSION_KEY)
    if not saved:
        return redirect("appeal:appeal_start")
    council = _council_from_session(request, SESSION_KEY)
    answers = saved["answers"]
    if request.method == "POST":
        try:
            appeal = services.appeal_submit_public(**answers)
        except services.AppealAlreadyReceivedError as already:
            del request.session[SESSION_KEY]
            return render(request, "appeals/public_already_received.html", {"reference": already.reference, **_branding(council)})
        except ApplicationError:
            appeal = None
        if appeal is None:  # the letter was withdrawn meanwhile, or the answers no longer pass: start again
            del request.session[SESSION_KEY]
            return redirect(_branding(council)["start_url"])
        del request.session[SESSION_KEY]
        request.session[SENT_KEY] = {"council": saved["council"], "reference": appeal.reference}
        return redirect("appeal:appeal_sent")
    grounds = [str(label) for value, label in Appeal.Ground.choices if value in answers["grounds"]]
    return render(request, "appeals/public_check.html", {"answers": answers, "grounds": grounds, **_branding(council)})


@public
def appeal_sent(request: HttpRequest) -> HttpResponse:
    sent = request.session.get(SENT_KEY)
    if not sent:
        return redirect("appeal:appeal_start")
    return render(request, "appeals/public_sent.html", {"reference": sent["reference"],
                                                        **_branding(_council_from_session(request, SENT_KEY))})


@public
def appeal_privacy(request: HttpRequest, council_slug: str) -> HttpResponse:
    """What the appeal form does with what the customer sends, for a council that has not given its own notice."""
    council = appeal_public_council(slug=council_slug)
    settings = council_settings_for(council=council) if council else None
    return render(request, "appeals/public_privacy.html", {"letter_address": settings.letter_address if settings else "",
                                                           **_branding(council)})
