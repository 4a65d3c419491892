"""Reading incident reports: the list, one report (with its evidence), the evidence download, and
linking the report to a person record (with likely existing matches)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.downloads import evidence_file_response
from safecontact.core.exceptions import ApplicationError
from safecontact.core.pagination import paginate
from safecontact.incidents import rules, selectors, services
from safecontact.incidents.models import Incident
from safecontact.people.selectors import adjustments_for, likely_matches_for, person_get_for


@requires(Action.INCIDENT_LIST)
def incident_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Incident.Status.values or status == Incident.Status.DRAFT:
        status = ""
    linked = "no" if request.GET.get("linked") == "no" else ""
    qs = selectors.incident_list_for(actor=request.user, council=request.council, status=status, unlinked=bool(linked))  # type: ignore[arg-type,attr-defined]
    qs = qs.exclude(status=Incident.Status.DRAFT)
    page = paginate(request, qs)
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="incidents")  # type: ignore[attr-defined]
    statuses = [(v, label) for v, label in Incident.Status.choices if v != Incident.Status.DRAFT]
    return render(request, "incidents/incident_list.html", {"page": page, "status": status, "statuses": statuses, "linked": linked})


@requires(Action.INCIDENT_VIEW)
def incident_detail(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident = selectors.incident_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    if incident.status == Incident.Status.DRAFT:
        return redirect("incidents:report_check", id=incident.pk)
    audit_access(actor=actor, council=council, subject=incident)
    is_reporter = incident.reporter_id == actor.pk
    context = {
        "incident": incident,
        "is_reporter": is_reporter,
        "outcome": selectors.reporter_outcome(incident),
        "triage": getattr(incident, "triage", None),
        "immediate_actions": dict(rules.IMMEDIATE_ACTIONS),
        "can_triage": incident.status == Incident.Status.SUBMITTED and not is_reporter
        and selectors.triage_queue_for(actor=actor, council=council).filter(pk=incident.pk).exists(),  # type: ignore[arg-type]
        "can_link_person": can(actor, Action.PERSON_EDIT, council),  # type: ignore[arg-type]
        "can_view_person": can(actor, Action.PERSON_VIEW, council),  # type: ignore[arg-type]
        "can_open_case": can(actor, Action.CASE_OPEN, council) and incident.person_id is not None  # type: ignore[arg-type]
        and incident.status == Incident.Status.REFERRED,
        # The serious-threat route: a decision-maker may approve an urgent interim marker before triage and a decision.
        "can_interim_marker": can(actor, Action.MEASURE_APPROVE, council) and not is_reporter  # type: ignore[arg-type]
        and incident.person_id is not None and incident.status != Incident.Status.DRAFT,
        "adjustments": adjustments_for(person=incident.person) if incident.person is not None else [],
        # Reporters see their own account and the outcome; the reasoning is for those dealing with it.
        "show_handling": not is_reporter or can(actor, Action.INCIDENT_LIST, council),  # type: ignore[arg-type]
    }
    return render(request, "incidents/incident_detail.html", context)


@requires(Action.INCIDENT_VIEW)
def attachment_download(request: HttpRequest, id: str) -> HttpResponse:
    attachment = selectors.attachment_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=attachment)  # type: ignore[attr-defined]
    return evidence_file_response(request, attachment.file, filename=attachment.original_name,
                                  content_type=attachment.content_type)  # decrypted here only (ADR 0018)


@requires(Action.PERSON_EDIT)
def incident_link_person(request: HttpRequest, id: str) -> HttpResponse:
    """Shows likely existing matches (with the matcher's reasons); link one, or create a new record."""
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    incident = selectors.incident_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    if incident.status == Incident.Status.DRAFT:
        raise Http404
    error = None
    if request.method == "POST" and not request.POST.get("person"):
        error = "Select the person this report is about, or create a new record"
    elif request.method == "POST":
        try:
            if request.POST.get("person") == "new":
                person = services.incident_create_person_and_link(actor=actor, council=council, incident=incident)  # type: ignore[arg-type]
            else:
                person = person_get_for(actor=actor, council=council, id=request.POST.get("person"))  # type: ignore[arg-type]
                services.incident_link_person(actor=actor, council=council, incident=incident, person=person)  # type: ignore[arg-type]
        except ApplicationError as exc:
            error = exc.message
        else:
            # --- Review and forget: reviews --- a new incident about someone on the register brings their review forward
            from django.utils import timezone

            from safecontact.reviews.services import reviews_after_incident_linked

            reviews_after_incident_linked(actor=actor, incident=incident, today=timezone.localdate())  # type: ignore[arg-type]
            messages.success(request, f"{incident.reference} is now linked to {person}.")
            return redirect("incidents:incident_detail", id=incident.pk)
    matches = []
    if not incident.subject_not_known:
        matches = likely_matches_for(
            council=council, given_names=incident.subject_given_names, family_name=incident.subject_family_name,
            date_of_birth=incident.subject_date_of_birth, postcode=incident.subject_postcode, address=incident.subject_address,
        )
    audit_access(actor=actor, council=council, subject=incident)
    return render(request, "incidents/link_person.html", {"incident": incident, "matches": matches, "error": error})
