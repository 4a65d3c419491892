from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import public, requires
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.policies import selectors, services
from safecontact.policies.forms import PolicyApproveForm, PolicyDraftForm
from safecontact.policies.rendering import policy_html


@requires(Action.POLICY_VIEW)
def version_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    versions = selectors.policy_version_list_for(actor=request.user, council=council)  # type: ignore[arg-type]
    return render(request, "policies/version_list.html", {
        "page": paginate(request, versions), "in_force": selectors.policy_in_force(council=council),
        "review_overdue": selectors.policy_review_overdue(council=council),
        "can_edit": can(request.user, Action.POLICY_EDIT, council),  # type: ignore[arg-type]
    })


@requires(Action.POLICY_VIEW)
def version_detail(request: HttpRequest, id: str, approve_form: PolicyApproveForm | None = None) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    policy = selectors.policy_version_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    draft = policy.status == policy.Status.DRAFT
    return render(request, "policies/version_detail.html", {
        "policy": policy, "html": policy_html(policy.text), "in_force": selectors.policy_in_force(council=council),
        "can_edit": draft and can(request.user, Action.POLICY_EDIT, council),  # type: ignore[arg-type]
        "can_approve": draft and can(request.user, Action.POLICY_APPROVE, council),  # type: ignore[arg-type]
        "approve_form": approve_form or PolicyApproveForm(),
    })


@requires(Action.POLICY_EDIT)
def version_new(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    initial = {}
    current = selectors.policy_in_force(council=council)
    if current is not None:  # start from the text in force, so a review edits rather than retypes
        initial = {"title": current.title, "text": current.text}
    return _draft_form(request, draft=None, initial=initial)


@requires(Action.POLICY_EDIT)
def version_edit(request: HttpRequest, id: str) -> HttpResponse:
    draft = selectors.policy_version_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    if draft.status != draft.Status.DRAFT:
        raise Http404("Only a draft can be edited")
    return _draft_form(request, draft=draft, initial={
        "title": draft.title, "version": draft.version, "text": draft.text, "change_summary": draft.change_summary})


def _draft_form(request: HttpRequest, *, draft, initial: dict) -> HttpResponse:  # type: ignore[no-untyped-def,type-arg]
    form = PolicyDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.policy_draft_save(
                actor=request.user, council=request.council, version=data["version"], title=data["title"],  # type: ignore[arg-type,attr-defined]
                text=data["text"], change_summary=data["change_summary"], draft=draft,
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Draft version {saved.version} saved.")
            return redirect("policies:version_detail", id=saved.pk)
    return render(request, "policies/version_form.html", {"form": form, "draft": draft})


@requires(Action.POLICY_APPROVE)
@require_POST
def version_approve(request: HttpRequest, id: str) -> HttpResponse:
    policy = selectors.policy_version_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = PolicyApproveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.policy_approve(actor=request.user, policy=policy, authority=data["authority"],  # type: ignore[arg-type]
                                    effective_from=data["effective_from"], next_review_due=data["next_review_due"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Version {policy.version} approved.")
            return redirect("policies:version_detail", id=policy.pk)
    return version_detail.__wrapped__(request, id, approve_form=form)  # type: ignore[attr-defined]


@public
def public_policy(request: HttpRequest, council_slug: str) -> HttpResponse:
    """The policy in force, for anyone: published on the council's website and enclosed with letters (R4)."""
    council = get_object_or_404(Organisation, slug=council_slug, kind=Organisation.Kind.COUNCIL)
    policy = selectors.policy_in_force(council=council)
    if policy is None:
        raise Http404("This council has not published its policy here")
    return render(request, "policies/public_policy.html", {"council": council, "policy": policy, "html": policy_html(policy.text)})
