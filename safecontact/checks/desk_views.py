"""The possible-match desk (issue 15): Customer Relations' queue and answer page."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.checks import desk_selectors
from safecontact.checks.desk import possible_match_resolve
from safecontact.checks.forms import PossibleMatchAnswerForm
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate


@requires(Action.POSSIBLE_MATCH_RESOLVE)
def possible_match_queue(request: HttpRequest) -> HttpResponse:
    page = paginate(request, desk_selectors.reviews_open_for(council=request.council))  # type: ignore[attr-defined]
    return render(request, "checks/possible_match_queue.html", {"page": page})


@requires(Action.POSSIBLE_MATCH_RESOLVE)
def possible_match_answer(request: HttpRequest, id: str) -> HttpResponse:
    review = desk_selectors.review_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    form = PossibleMatchAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            possible_match_resolve(actor=request.user, council=request.council, review_id=review.pk, **form.cleaned_data)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Your answer is recorded. The checker has been told.")
            return redirect("checks:possible_matches")
    audit_access(actor=request.user, council=request.council, subject=review.source_check)  # type: ignore[attr-defined]
    return render(request, "checks/possible_match_answer.html", {
        "review": review, "check": review.source_check, "candidates": desk_selectors.review_candidates(review=review), "form": form})
