from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action, Role
from safecontact.accounts import selectors, services
from safecontact.accounts.forms import DecisionForm, RevokeForm, RoleRequestForm
from safecontact.accounts.models import RoleAssignment, Team
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate


@requires(Action.ROLE_ASSIGNMENT_LIST)
def role_assignment_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in RoleAssignment.Status.values:
        status = ""
    qs = selectors.role_assignment_list_for(actor=request.user, council=request.council, status=status)  # type: ignore[arg-type,attr-defined]
    page = paginate(request, qs)
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="role_assignments")  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/role_assignment_list.html",
        {"page": page, "status": status, "statuses": RoleAssignment.Status.choices,
         "can_request": can(request.user, Action.ROLE_ASSIGNMENT_REQUEST, request.council)},  # type: ignore[arg-type,attr-defined]
    )


@requires(Action.ROLE_ASSIGNMENT_VIEW)
def role_assignment_detail(request: HttpRequest, id: str) -> HttpResponse:
    assignment = selectors.role_assignment_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    return _role_assignment_page(request, assignment)


def _role_assignment_page(request: HttpRequest, assignment: RoleAssignment, decision_form: DecisionForm | None = None) -> HttpResponse:
    """The assignment; after a refused decision, the same page with the note as typed and the error."""
    audit_access(actor=request.user, council=request.council, subject=assignment)  # type: ignore[attr-defined]
    council = request.council  # type: ignore[attr-defined]
    return render(
        request,
        "accounts/role_assignment_detail.html",
        {
            "assignment": assignment,
            "decision_form": decision_form or DecisionForm(),
            "can_decide": can(request.user, Action.ROLE_ASSIGNMENT_DECIDE, council),  # type: ignore[arg-type]
            "can_revoke": can(request.user, Action.ROLE_ASSIGNMENT_REVOKE, council),  # type: ignore[arg-type]
            "can_deactivate": can(request.user, Action.USER_DEACTIVATE, council),  # type: ignore[arg-type]
        },
    )


@requires(Action.ROLE_ASSIGNMENT_REQUEST)
def role_assignment_request(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    users = selectors.requestable_users_for(actor=request.user, council=council)  # type: ignore[arg-type]
    form = RoleRequestForm(request.POST or None, users=users, teams=Team.objects.filter(council=council),
                           initial={"user": request.GET.get("user")})
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.role_assignment_request(
                actor=request.user, council=council, user=form.cleaned_data["user"],  # type: ignore[arg-type]
                role=Role(form.cleaned_data["role"]), team=form.cleaned_data["team"],
                business_need=form.cleaned_data["business_need"],
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Request sent to the register manager for approval.")
            return redirect("accounts:role_assignment_detail", id=assignment.pk)
    return render(request, "accounts/role_assignment_request.html", {"form": form})


@requires(Action.ROLE_ASSIGNMENT_DECIDE)
@require_POST
def role_assignment_decide(request: HttpRequest, id: str) -> HttpResponse:
    assignment = selectors.role_assignment_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.role_assignment_decide(actor=request.user, assignment=assignment, approve=approve,  # type: ignore[arg-type]
                                        note=form.cleaned_data.get("note", ""))
    except ApplicationError as error:
        add_application_error(form, error)
        return _role_assignment_page(request, assignment, form)
    else:
        messages.success(request, "Access approved." if approve else "Request refused.")
    return redirect("accounts:role_assignment_detail", id=assignment.pk)


@requires(Action.ROLE_ASSIGNMENT_DECIDE)
@require_POST
def role_assignment_renew(request: HttpRequest, id: str) -> HttpResponse:
    assignment = selectors.role_assignment_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        services.role_assignment_renew(actor=request.user, assignment=assignment)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Role renewed for another year.")
    return redirect("accounts:role_assignment_detail", id=assignment.pk)


@requires(Action.ROLE_ASSIGNMENT_REVOKE)
def role_assignment_revoke(request: HttpRequest, id: str) -> HttpResponse:
    assignment = selectors.role_assignment_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assignment_revoke(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Role revoked.")
            return redirect("accounts:role_assignment_detail", id=assignment.pk)
    return render(request, "accounts/role_assignment_revoke.html", {"assignment": assignment, "form": form})


@requires(Action.USER_DEACTIVATE)
def user_deactivate(request: HttpRequest, id: str) -> HttpResponse:
    person = selectors.user_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=person)  # type: ignore[attr-defined]
    error = None
    if request.method == "POST":
        try:
            services.user_deactivate(actor=request.user, council=request.council, user=person)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, f"{person} can no longer sign in; every role they held is revoked.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_deactivate.html", {"person": person, "error": error})


@requires(Action.NEW_STARTER_DECIDE)
def new_starter_list(request: HttpRequest) -> HttpResponse:
    starters = selectors.new_starters_for(actor=request.user, council=request.council)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="new_starters")  # type: ignore[attr-defined]
    return render(request, "accounts/new_starter_list.html", {"starters": starters})


@requires(Action.NEW_STARTER_DECIDE)
@require_POST
def new_starter_no_access(request: HttpRequest, id: str) -> HttpResponse:
    starter = selectors.user_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    try:
        services.new_starter_decide_no_access(actor=request.user, council=request.council, user=starter)  # type: ignore[arg-type,attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Recorded: {starter} does not need register access.")
    return redirect("accounts:new_starter_list")
