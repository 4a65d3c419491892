"""Reporting an incident: start, one page per section (each save keeps the draft on the server),
evidence, check your answers, confirmation, and the reporter's own list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.incidents import rules, selectors, services
from safecontact.incidents.forms import SECTION_FORMS, AttachmentForm, SectionForm
from safecontact.incidents.models import Incident


@requires(Action.INCIDENT_REPORT)
def report_start(request: HttpRequest) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    can_on_behalf = services.can_record_on_behalf(actor, council)  # type: ignore[arg-type]
    if request.method == "POST":
        on_behalf = can_on_behalf and request.POST.get("on_behalf") == "1"
        incident = services.incident_draft_create(actor=actor, council=council, on_behalf=on_behalf)  # type: ignore[arg-type]
        return redirect("incidents:report_section", id=incident.pk, section=rules.SECTIONS[0].slug)
    drafts = selectors.my_incidents_for(actor=actor, council=council).filter(status=Incident.Status.DRAFT)  # type: ignore[arg-type]
    return render(request, "incidents/report_start.html", {"drafts": drafts, "can_on_behalf": can_on_behalf})


@requires(Action.INCIDENT_REPORT)
def my_reports(request: HttpRequest) -> HttpResponse:
    qs = selectors.my_incidents_for(actor=request.user, council=request.council)  # type: ignore[arg-type,attr-defined]
    page = paginate(request, qs)
    rows = [(incident, selectors.reporter_outcome(incident)) for incident in page.object_list]
    return render(request, "incidents/my_reports.html", {"page": page, "rows": rows})


def _section_form(section: str, incident: Incident, council: Any, data: Any = None, require_answers: bool = True) -> SectionForm:
    form_class = SECTION_FORMS[section]
    extra: dict[str, Any] = {}
    if section == "when-and-where":
        extra["teams"] = selectors.teams_for(council=council)
    if section == "what-happened":
        extra["categories"] = selectors.behaviour_categories_for(council=council, keep=incident.categories.all())
    if data is not None:
        return form_class(data, require_answers=require_answers, **extra)
    return form_class(initial=form_class.initial_for(incident), **extra)


def _next_section(incident: Incident, current: str) -> str | None:
    slugs = [s.slug for s in rules.sections_for(incident)]
    index = slugs.index(current)
    return slugs[index + 1] if index + 1 < len(slugs) else None


@requires(Action.INCIDENT_REPORT)
def report_section(request: HttpRequest, id: str, section: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident = selectors.draft_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    if section not in rules.SECTION_TITLES or section not in [s.slug for s in rules.sections_for(incident)]:
        raise Http404
    if section == "evidence":
        return _evidence(request, incident)
    finishing = request.POST.get("action") == "save"
    form = _section_form(section, incident, council, request.POST if request.method == "POST" else None, require_answers=not finishing)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_draft_save(actor=actor, council=council, incident=incident, changes=form.to_changes(),  # type: ignore[arg-type]
                                         categories=list(form.cleaned_data["categories"]) if "categories" in form.cleaned_data else None,
                                         section=section)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            if finishing:
                messages.success(request, "Your draft report has been saved. You can come back to it from 'Your reports'.")
                return redirect("incidents:my_reports")
            following = _next_section(incident, section) if request.GET.get("from") != "check" else None
            if following:
                return redirect("incidents:report_section", id=incident.pk, section=following)
            return redirect("incidents:report_check", id=incident.pk)
    audit_access(actor=actor, council=council, subject=incident)
    context = {"incident": incident, "form": form, "section": section, "title": rules.SECTION_TITLES[section],
               "sections": rules.sections_for(incident)}
    return render(request, "incidents/report_section.html", context)


def _evidence(request: HttpRequest, incident: Incident) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("action") != "upload":
        return redirect("incidents:report_check", id=incident.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(actor=actor, council=council, incident=incident, upload=form.cleaned_data["file"])  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Uploaded {form.cleaned_data['file'].name}.")
            return redirect("incidents:report_section", id=incident.pk, section="evidence")
    context = {"incident": incident, "form": form, "section": "evidence", "title": rules.SECTION_TITLES["evidence"],
               "attachments": incident.attachments.order_by("created_at"), "sections": rules.sections_for(incident)}
    return render(request, "incidents/report_evidence.html", context)


@requires(Action.INCIDENT_REPORT)
@require_POST
def attachment_remove(request: HttpRequest, id: str, attachment_id: str) -> HttpResponse:
    incident = selectors.draft_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    attachment = incident.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    services.attachment_remove(actor=request.user, council=request.council, attachment=attachment)  # type: ignore[arg-type,attr-defined]
    messages.success(request, "File removed.")
    return redirect("incidents:report_section", id=incident.pk, section="evidence")


@requires(Action.INCIDENT_REPORT)
def report_check(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident = selectors.draft_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    error = None
    if request.method == "POST":
        try:
            services.incident_submit(actor=actor, council=council, incident=incident)  # type: ignore[arg-type]
        except ApplicationError as exc:
            error = exc.message
        else:
            return redirect("incidents:report_confirmation", id=incident.pk)
    missing = rules.missing_answers(incident)
    audit_access(actor=actor, council=council, subject=incident)
    context = {"incident": incident, "missing": missing, "error": error, "sections": rules.sections_for(incident),
               "immediate_actions": dict(rules.IMMEDIATE_ACTIONS)}
    return render(request, "incidents/report_check.html", context)


@requires(Action.INCIDENT_REPORT)
def report_confirmation(request: HttpRequest, id: str) -> HttpResponse:
    incident = selectors.own_incident_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    if incident.status == Incident.Status.DRAFT:
        return redirect("incidents:report_check", id=incident.pk)
    audit_access(actor=request.user, council=request.council, subject=incident)  # type: ignore[attr-defined]
    return render(request, "incidents/report_confirmation.html", {"incident": incident})
