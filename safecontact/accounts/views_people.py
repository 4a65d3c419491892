"""Staff, teams and invitations: the register manager's (or system administrator's) pages for people and structure."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action, Role
from safecontact.accounts import invitations, selectors, services
from safecontact.accounts.forms import InvitationForm, StaffImportForm, TeamForm, UserEditForm
from safecontact.accounts.staff_import import staff_import
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate

IMPORT_SESSION_KEY = "staff_import"


def _can(request: HttpRequest, action: Action) -> bool:
    return can(request.user, action, request.council)  # type: ignore[arg-type,attr-defined]


@requires(Action.USER_LIST)
def user_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    page = paginate(request, selectors.staff_list_for(council=council))
    audit_access(actor=request.user, council=council, subject=council, list_of="staff")
    # ?invitations=expired is what the home page's "Invitations that expired" count opens.
    expired_only = request.GET.get("invitations") == "expired"
    invitations_shown = (selectors.invitations_expired_for(council=council) if expired_only
                         else selectors.invitation_list_for(council=council))
    return render(request, "accounts/user_list.html", {
        "page": page, "invitations": invitations_shown, "expired_only": expired_only,
        "can_invite": _can(request, Action.USER_INVITE), "can_import": _can(request, Action.USER_IMPORT),
        "can_edit": _can(request, Action.USER_EDIT), "can_deactivate": _can(request, Action.USER_DEACTIVATE),
        "can_edit_teams": _can(request, Action.TEAM_EDIT),
    })


@requires(Action.USER_INVITE)
def user_invite(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    form = InvitationForm(request.POST or None, teams=selectors.teams_for(council=council),
                          managers=selectors.line_manager_choices_for(council=council),
                          can_give_role=_can(request, Action.ROLE_ASSIGNMENT_DECIDE))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sent = invitations.invitation_create(
                actor=request.user, council=council, email=data["email"], full_name=data["full_name"],  # type: ignore[arg-type]
                job_title=data["job_title"], team=data["team"], line_manager=data["line_manager"],
                role=Role.STAFF if data.get("give_staff_role") else None, business_need=data.get("business_need", ""),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {sent.invitation.user.email}. The link works once, "
                                      f"until {timezone.localtime(sent.invitation.expires_at):%-d %B %Y}.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_invite.html", {"form": form})


@requires(Action.USER_INVITE)
@require_POST
def invitation_resend(request: HttpRequest, id: str) -> HttpResponse:
    invitation = selectors.invitation_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    try:
        invitations.invitation_resend(actor=request.user, council=request.council, invitation=invitation)  # type: ignore[arg-type,attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"A new invitation was sent to {invitation.user.email}. The earlier link no longer works.")
    return redirect("accounts:user_list")


@requires(Action.USER_INVITE)
def invitation_cancel(request: HttpRequest, id: str) -> HttpResponse:
    invitation = selectors.invitation_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    error = None
    if request.method == "POST":
        try:
            invitations.invitation_cancel(actor=request.user, council=request.council, invitation=invitation)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, f"The invitation to {invitation.user.email} was cancelled; its link no longer works.")
            return redirect("accounts:user_list")
    return render(request, "accounts/invitation_cancel.html", {"invitation": invitation, "error": error})


@requires(Action.USER_EDIT)
def user_edit(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    person = selectors.staff_member_get_for(council=council, id=id)
    form = UserEditForm(request.POST or None, teams=selectors.teams_for(council=council),
                        managers=selectors.line_manager_choices_for(council=council).exclude(pk=person.pk),
                        initial={"job_title": person.job_title, "team": person.team_id, "line_manager": person.line_manager_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=request.user, council=council, user=person, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Details of {person} saved.")
            return redirect("accounts:user_list")
    return render(request, "accounts/user_edit.html", {"person": person, "form": form})


@requires(Action.TEAM_EDIT)
def team_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, council=council, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{team.name} added.")
            return redirect("accounts:team_list")
    return render(request, "accounts/team_list.html", {"teams": selectors.teams_for(council=council), "form": form})


@requires(Action.TEAM_EDIT)
def team_rename(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    team = selectors.team_get_for(council=council, id=id)
    form = TeamForm(request.POST or None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.team_rename(actor=request.user, council=council, team=team, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Team renamed.")
            return redirect("accounts:team_list")
    return render(request, "accounts/team_rename.html", {"team": team, "form": form})


@requires(Action.USER_IMPORT)
def staff_import_upload(request: HttpRequest) -> HttpResponse:
    """Upload → dry run: what the import would do, row by row, with a button to import the same file."""
    form = StaffImportForm(request.POST or None, request.FILES or None, can_give_role=_can(request, Action.ROLE_ASSIGNMENT_DECIDE))
    if request.method == "POST" and form.is_valid():
        kept = {"data": form.cleaned_data["file"].read().decode("latin-1"), "name": form.cleaned_data["file"].name,
                "give_staff_role": bool(form.cleaned_data.get("give_staff_role")),
                "business_need": form.cleaned_data.get("business_need", ""), "council": str(request.council.pk)}  # type: ignore[attr-defined]
        request.session[IMPORT_SESSION_KEY] = kept
        return _import_report(request, kept, dry_run=True)
    return render(request, "accounts/staff_import_upload.html", {"form": form})


@requires(Action.USER_IMPORT)
@require_POST
def staff_import_confirm(request: HttpRequest) -> HttpResponse:
    """Imports the file checked in the dry run: every row or none."""
    kept = request.session.get(IMPORT_SESSION_KEY)
    if not kept or kept.get("council") != str(request.council.pk):  # type: ignore[attr-defined]
        messages.error(request, "The uploaded file has expired. Upload it again.")
        return redirect("accounts:staff_import_upload")
    return _import_report(request, kept, dry_run=False)


def _import_report(request: HttpRequest, kept: dict, dry_run: bool) -> HttpResponse:  # type: ignore[type-arg]
    # The file's bytes travel through the session as latin-1 text (every byte maps to one character) and are decoded
    # properly, UTF-8 or Windows-1252, by core/csv_text.py inside the import.
    report = staff_import(actor=request.user, council=request.council, data=kept["data"].encode("latin-1"),  # type: ignore[arg-type,attr-defined]
                          dry_run=dry_run, give_staff_role=kept["give_staff_role"], business_need=kept["business_need"])
    if report.imported:
        request.session.pop(IMPORT_SESSION_KEY, None)
    return render(request, "accounts/staff_import_report.html", {"report": report, "filename": kept["name"],
                                                                  "give_staff_role": kept["give_staff_role"]})
