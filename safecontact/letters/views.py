import re

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.letters import rendering, selectors, services
from safecontact.letters.forms import IssueForm, NotifyDecisionForm, ParagraphsForm
from safecontact.letters.models import Event, Letter
from safecontact.register.selectors import measure_get_for

BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


def _preview(html: str) -> str:
    match = BODY.search(html)
    return mark_safe(match.group(1) if match else "")  # noqa: S308 - rendered by our templates with autoescape


@requires(Action.LETTER_VIEW)
def outbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Letter.Status.values else ""
    qs = selectors.letter_list_for(actor=request.user, council=request.council, status=status)  # type: ignore[arg-type,attr-defined]
    return render(request, "letters/outbox.html", {"page": paginate(request, qs), "status": status, "statuses": Letter.Status.choices,
                                                   "can_edit_wording": can(request.user, Action.LETTER_TEMPLATE_EDIT, request.council)})  # type: ignore[arg-type,attr-defined]


@requires(Action.LETTER_VIEW)
def letter_detail(request: HttpRequest, id: str, issue_form: IssueForm | None = None, paragraphs_form: ParagraphsForm | None = None) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    letter = selectors.letter_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=letter)
    preview = "" if letter.is_issued else _preview(rendering.render_html(letter, draft=True))
    context = rendering.merge_context(letter)
    return render(request, "letters/letter_detail.html", {
        "letter": letter, "preview": preview, "behaviour": context["behaviour"],
        "can_prepare": can(request.user, Action.LETTER_PREPARE, council) and not letter.is_issued,  # type: ignore[arg-type]
        "can_issue": can(request.user, Action.LETTER_ISSUE, council),  # type: ignore[arg-type]
        "paragraphs_form": paragraphs_form or ParagraphsForm(initial={**letter.paragraphs, "behaviour": context["behaviour"]}),
        "issue_form": issue_form or IssueForm(initial={"channel": "email" if letter.person.contact_points.filter(kind="email").exists() else "post",
                                                       "recipient_email": getattr(letter.person.contact_points.filter(kind="email").first(), "value", "")}),
    })


@requires(Action.LETTER_VIEW)
def letter_pdf(request: HttpRequest, id: str) -> HttpResponse:
    letter = selectors.letter_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=letter)  # type: ignore[attr-defined]
    data = bytes(letter.pdf) if letter.is_issued and letter.pdf else rendering.html_to_pdf(rendering.render_html(letter))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{letter.reference}{"" if letter.is_issued else "-draft"}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(Action.LETTER_PREPARE)
@require_POST
def letter_prepare(request: HttpRequest, measure_id: str) -> HttpResponse:
    measure = measure_get_for(actor=request.user, council=request.council, id=measure_id)  # type: ignore[arg-type,attr-defined]
    event = request.POST.get("event") or measure.kind
    if event not in Event.values or measure.person is None:
        messages.error(request, "Choose a letter for an entry about a person.")
        return redirect("register:measure_detail", id=measure.pk)
    try:
        letter = services.letter_prepare(actor=request.user, council=request.council, event=event, person=measure.person, measure=measure)  # type: ignore[arg-type,attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("register:measure_detail", id=measure.pk)
    return redirect("letters:letter_detail", id=letter.pk)


@requires(Action.LETTER_PREPARE)
@require_POST
def letter_edit(request: HttpRequest, id: str) -> HttpResponse:
    letter = selectors.letter_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = ParagraphsForm(request.POST)
    if form.is_valid():
        try:
            services.letter_edit_paragraphs(actor=request.user, letter=letter, paragraphs=form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "The letter is updated. Check the preview.")
            return redirect("letters:letter_detail", id=letter.pk)
    return letter_detail.__wrapped__(request, id, paragraphs_form=form)  # type: ignore[attr-defined]


@requires(Action.LETTER_ISSUE)
@require_POST
def letter_issue(request: HttpRequest, id: str) -> HttpResponse:
    letter = selectors.letter_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            letter = services.letter_issue(actor=request.user, letter=letter, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Letter {letter.reference} issued.")
            return redirect("letters:letter_detail", id=letter.pk)
    return letter_detail.__wrapped__(request, id, issue_form=form)  # type: ignore[attr-defined]


@requires(Action.LETTER_ISSUE)
@require_POST
def letter_requeue(request: HttpRequest, id: str) -> HttpResponse:
    letter = selectors.letter_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        services.letter_requeue(actor=request.user, letter=letter)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The letter will be sent again.")
    return redirect("letters:letter_detail", id=letter.pk)


@requires(Action.NOTIFY_DECISION)
def notify_decision(request: HttpRequest, measure_id: str) -> HttpResponse:
    measure = measure_get_for(actor=request.user, council=request.council, id=measure_id)  # type: ignore[arg-type,attr-defined]
    initial = {"notify": "no" if measure.notify_decision == "withheld" else "yes", "reasons": measure.notify_withheld_reasons,
               "reconsider_on": measure.notify_reconsider_on}
    form = NotifyDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_notification_decide(actor=request.user, measure=measure, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "The decision about telling the customer is recorded.")
            return redirect("register:measure_detail", id=measure.pk)
    return render(request, "letters/notify_decision.html", {"form": form, "measure": measure})


@requires(Action.NOTIFY_FOLLOW_UP)
def not_told(request: HttpRequest) -> HttpResponse:
    """Live entries whose customer has not been told, and decisions not to tell that are due for reconsideration (R37)."""
    user, council = request.user, request.council  # type: ignore[attr-defined]
    audit_access(actor=user, council=council, subject=council, list_of="not_told")
    return render(request, "letters/not_told.html", {
        "not_told": selectors.measures_not_told_for(actor=user, council=council),  # type: ignore[arg-type]
        "reconsider": selectors.measures_reconsider_due_for(actor=user, council=council, today=timezone.localdate()),  # type: ignore[arg-type]
        "can_prepare": can(user, Action.LETTER_PREPARE, council), "can_decide": can(user, Action.NOTIFY_DECISION, council),  # type: ignore[arg-type]
    })
