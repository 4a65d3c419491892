from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.governance import rendering, selectors, services
from safecontact.governance.forms import ChecklistForm, ConfirmRemovalForm, DecideForm, MeetingForm, MeetingUpdateForm
from safecontact.governance.models import AgendaItem


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


@requires(Action.GOVERNANCE_VIEW)
def meeting_list(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    qs = selectors.meeting_list_for(actor=request.user, council=council)  # type: ignore[arg-type]
    return render(request, "governance/meeting_list.html", {
        "page": paginate(request, qs), "can_manage": can(request.user, Action.GOVERNANCE_MANAGE, council),  # type: ignore[arg-type]
        "can_report": can(request.user, Action.GOVERNANCE_REPORT_VIEW, council),  # type: ignore[arg-type]
    })


@requires(Action.GOVERNANCE_MANAGE)
def meeting_create(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    form = MeetingForm(request.POST or None, members=selectors.governance_members(council=council))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, council=council, held_on=form.cleaned_data["held_on"],  # type: ignore[arg-type]
                                              members_present=list(form.cleaned_data["members_present"]), notes=form.cleaned_data["notes"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Meeting {meeting.reference} planned. Build its agenda when the reviews are in.")
            return redirect("governance:meeting_detail", id=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": None})


@requires(Action.GOVERNANCE_VIEW)
def meeting_detail(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=meeting, list_of="governance_agenda")
    return render(request, "governance/meeting_detail.html", {
        "meeting": meeting, "items": selectors.meeting_items(meeting=meeting), "members": meeting.members_present.all(),
        "can_manage": can(request.user, Action.GOVERNANCE_MANAGE, council),  # type: ignore[arg-type]
        "can_decide": can(request.user, Action.GOVERNANCE_DECIDE, council),  # type: ignore[arg-type]
    })


@requires(Action.GOVERNANCE_MANAGE)
def meeting_edit(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    initial = {"held_on": meeting.held_on, "status": meeting.status, "notes": meeting.notes,
               "members_present": list(meeting.members_present.all())}
    form = MeetingUpdateForm(request.POST or None, initial=initial, members=selectors.governance_members(council=council))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_update(actor=request.user, meeting=meeting, held_on=data["held_on"], status=data["status"],  # type: ignore[arg-type]
                                    members_present=list(data["members_present"]), notes=data["notes"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Meeting {meeting.reference} updated.")
            return redirect("governance:meeting_detail", id=meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "meeting": meeting})


@requires(Action.GOVERNANCE_MANAGE)
@require_POST
def meeting_agenda_build(request: HttpRequest, id: str) -> HttpResponse:
    meeting = selectors.meeting_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    added = services.meeting_agenda_build(actor=request.user, meeting=meeting)  # type: ignore[arg-type]
    messages.success(request, f"Agenda built: {len(added)} new item{'s' if len(added) != 1 else ''} added." if added
                     else "Agenda built: nothing new to add.")
    return redirect("governance:meeting_detail", id=meeting.pk)


@requires(Action.GOVERNANCE_VIEW)
def meeting_pack_pdf(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=meeting, list_of="governance_pack")
    return _pdf(rendering.pack_pdf(meeting, selectors.meeting_items(meeting=meeting)), f"{meeting.reference}-pack.pdf")


@requires(Action.GOVERNANCE_VIEW)
def meeting_minutes_pdf(request: HttpRequest, id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    meeting = selectors.meeting_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=meeting, list_of="governance_minutes")
    return _pdf(rendering.minutes_pdf(meeting, selectors.meeting_items(meeting=meeting)), f"{meeting.reference}-minutes.pdf")


@requires(Action.GOVERNANCE_VIEW)
def item_detail(request: HttpRequest, id: str, form: DecideForm | None = None) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    item = selectors.item_get_for(actor=request.user, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=item.measure)
    return render(request, "governance/item_detail.html", {
        "item": item, "facts": rendering.item_facts(item), "form": form or DecideForm(), "checklist": item.checklist.all(),
        "can_decide": can(request.user, Action.GOVERNANCE_DECIDE, council) and not item.decision,  # type: ignore[arg-type]
        "can_manage": can(request.user, Action.GOVERNANCE_MANAGE, council),  # type: ignore[arg-type]
        "statuses": ChecklistForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    })


def _decided(request: HttpRequest, item: AgendaItem) -> HttpResponse:
    verb = "removed from" if item.decision == AgendaItem.Decision.REMOVE else "retained on"
    messages.success(request, f"{item.measure.reference} {verb} the register. The decision is in the minutes.")
    return redirect("governance:item_detail", id=item.pk)


def _record_decision(request: HttpRequest, item: AgendaItem, form: DecideForm) -> HttpResponse:
    if form.is_valid():
        try:
            item = services.agenda_item_decide(actor=request.user, item=item, **form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            return _decided(request, item)
    return item_detail.__wrapped__(request, str(item.pk), form=form)  # type: ignore[attr-defined]


@requires(Action.GOVERNANCE_DECIDE)
@require_POST
def item_decide(request: HttpRequest, id: str) -> HttpResponse:
    """Retain is recorded at once; remove first shows a confirmation page (it cannot be undone)."""
    item = selectors.item_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = DecideForm(request.POST)
    if form.is_valid() and form.cleaned_data["decision"] == AgendaItem.Decision.REMOVE:
        confirm = ConfirmRemovalForm(initial={"reasons": form.cleaned_data["reasons"]})
        return render(request, "governance/item_confirm_removal.html", {"item": item, "form": confirm,
                                                                         "reasons": form.cleaned_data["reasons"]})
    return _record_decision(request, item, form)


@requires(Action.GOVERNANCE_DECIDE)
@require_POST
def item_remove_confirm(request: HttpRequest, id: str) -> HttpResponse:
    item = selectors.item_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = DecideForm({"decision": AgendaItem.Decision.REMOVE, "reasons": request.POST.get("reasons", "")})
    return _record_decision(request, item, form)


@requires(Action.GOVERNANCE_MANAGE)
@require_POST
def checklist_update(request: HttpRequest, id: str) -> HttpResponse:
    task = selectors.checklist_task_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    form = ChecklistForm(request.POST)
    if form.is_valid():
        services.checklist_task_update(actor=request.user, task=task, status=form.cleaned_data["status"])  # type: ignore[arg-type]
        messages.success(request, f"{task.label}: recorded.")
    else:
        messages.error(request, "Choose whether the flag was removed there.")
    back = request.POST.get("back", "")  # the page the tick was made on: compared with fixed names only
    if back == "entry":
        return redirect("register:measure_detail", id=task.measure_id)
    if back == "item" and task.item_id is not None:
        return redirect("governance:item_detail", id=task.item_id)
    return redirect("governance:clearance_list")


@requires(Action.GOVERNANCE_MANAGE)
def clearance_list(request: HttpRequest) -> HttpResponse:
    """Every ended entry (removed, overturned on appeal, lapsed) with a place still to clear its flag from."""
    council = request.council  # type: ignore[attr-defined]
    page = paginate(request, selectors.clearance_list_for(actor=request.user, council=council))  # type: ignore[arg-type]
    audit_access(actor=request.user, council=council, subject=council, list_of="clearance")
    return render(request, "governance/clearance_list.html", {
        "page": page, "statuses": ChecklistForm.base_fields["status"].choices,  # type: ignore[attr-defined]
    })
