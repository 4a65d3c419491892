from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.reviews import selectors, services
from safecontact.reviews.forms import ReviewForm, ReviewSettingsForm

SHOWS = [("due", "Due or overdue"), ("overdue", "Overdue (past the grace period)"), ("long_lived", "Live for longer than the council's limit")]


def _list_page(request: HttpRequest, qs, *, title: str, show: str = "", shows: list | None = None) -> HttpResponse:  # type: ignore[no-untyped-def]
    council, today = request.council, timezone.localdate()  # type: ignore[attr-defined]
    page = paginate(request, qs)
    audit_access(actor=request.user, council=council, subject=council, list_of=f"reviews:{show or 'mine'}")
    return render(request, "reviews/review_list.html", {
        "title": title, "page": page, "show": show, "shows": shows or [], "today": today,
        "overdue_ids": selectors.review_overdue_ids(measures=list(page.object_list), today=today),
        "can_record": can(request.user, Action.REVIEW_RECORD, council),  # type: ignore[arg-type]
    })


@requires(Action.REVIEW_LIST_OWN)
def my_reviews(request: HttpRequest) -> HttpResponse:
    qs = selectors.my_reviews_for(actor=request.user, council=request.council, today=timezone.localdate())  # type: ignore[arg-type,attr-defined]
    return _list_page(request, qs, title="Your reviews")


@requires(Action.REVIEW_LIST_ALL)
def reviews_due(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "due")
    show = show if show in dict(SHOWS) else "due"
    qs = selectors.reviews_due_for(actor=request.user, council=request.council, today=timezone.localdate(), show=show)  # type: ignore[arg-type,attr-defined]
    return _list_page(request, qs, title="All reviews due", show=show, shows=SHOWS)


@requires(Action.REVIEW_VIEW)
def measure_reviews(request: HttpRequest, measure_id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    measure = selectors.measure_for_review(actor=request.user, council=council, id=measure_id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=measure)
    return render(request, "reviews/measure_reviews.html", {
        "measure": measure, "reviews": selectors.reviews_of(measure=measure),
        "changes": measure.review_date_changes.select_related("incident"),
        "overdue": bool(selectors.review_overdue_ids(measures=[measure], today=timezone.localdate())),
        "can_record": can(request.user, Action.REVIEW_RECORD, council) and measure.is_live,  # type: ignore[arg-type]
    })


@requires(Action.REVIEW_VIEW)
def review_detail(request: HttpRequest, id: str) -> HttpResponse:
    review = selectors.review_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=review)  # type: ignore[attr-defined]
    return render(request, "reviews/review_detail.html", {"review": review, "incidents": review.evidence_incidents.order_by("submitted_at")})


@requires(Action.REVIEW_RECORD)
def review_record(request: HttpRequest, measure_id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    measure = selectors.measure_for_review(actor=request.user, council=council, id=measure_id)  # type: ignore[arg-type]
    initial = {"notify": "no" if measure.notify_decision == "withheld" else "yes", "notify_reasons": measure.notify_withheld_reasons}
    form = ReviewForm(request.POST or None, initial=initial, measure=measure)
    if request.method == "POST" and measure.is_live and form.is_valid():
        try:
            services.review_complete(actor=request.user, measure=measure, **form.service_data())  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"The review of {measure.reference} is recorded.")
            return redirect("reviews:measure_reviews", measure_id=measure.pk)
    audit_access(actor=request.user, council=council, subject=measure)
    return render(request, "reviews/review_form.html", {
        "form": form, "measure": measure, "evidence": selectors.review_evidence(measure=measure),
        "last_review": selectors.last_review(measure=measure),
        "default_next": services.default_next_review(council=council, today=timezone.localdate()),
        "overdue": bool(selectors.review_overdue_ids(measures=[measure], today=timezone.localdate())),
    })


@requires(Action.REVIEW_SETTINGS_EDIT)
def review_settings(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    current = selectors.review_settings_for(council=council)
    form = ReviewSettingsForm(request.POST or None, initial={f: getattr(current, f) for f in ReviewSettingsForm.base_fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_settings_update(actor=request.user, council=council, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "The review settings are saved.")
            return redirect("reviews:reviews_due")
    return render(request, "reviews/review_settings.html", {"form": form})
