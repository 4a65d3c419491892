"""Triage of a submitted report by the reporter's manager or the register manager (the configured
triage queue), with the LGSCO checklist (domain c.2 stage 3, R15-R16, R75-R76)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.models import Incident, Triage
from safecontact.notifications.services import staff_email_queue

CHECKLIST = ("complaint_handled_properly", "communication_adequate", "new_information", "possible_disability_or_need")
STATUS_FOR_OUTCOME = {
    Triage.Outcome.CLOSE: Incident.Status.CLOSED,
    Triage.Outcome.INFORMAL_WARNING: Incident.Status.WARNING_RECORDED,
    Triage.Outcome.REFER: Incident.Status.REFERRED,
}


@transaction.atomic
def incident_triage(
    *,
    actor: User,
    council: Organisation,
    incident: Incident,
    outcome: str,
    reasons: str,
    complaint_handled_properly: bool | None,
    communication_adequate: bool | None,
    new_information: bool | None,
    possible_disability_or_need: bool | None,
    other_route: str = "",
    adjustment_offered: str = "",
    offer_outcome: str = "",
    warning_given_by: str = "",
    warning_given_on: date | None = None,
    warning_what_was_said: str = "",
) -> Triage:
    require(actor, Action.INCIDENT_TRIAGE, council)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.council_id != council.pk:
        raise ApplicationError("This report belongs to another council.")
    if incident.status != Incident.Status.SUBMITTED:
        raise ApplicationError("This report has already been triaged.")
    if incident.reporter_id == actor.pk:
        raise ApplicationError("Someone else must triage a report you made.")
    answers = {"complaint_handled_properly": complaint_handled_properly, "communication_adequate": communication_adequate,
               "new_information": new_information, "possible_disability_or_need": possible_disability_or_need}
    for field, value in answers.items():
        if value is None:
            raise ApplicationError("Answer every question on the checklist", field=field)
    if outcome not in Triage.Outcome.values:
        raise ApplicationError("Select an outcome", field="outcome")
    if not reasons.strip():
        raise ApplicationError("Give the reasons for the outcome", field="reasons")
    if possible_disability_or_need and outcome == Triage.Outcome.REFER and not adjustment_offered.strip():
        raise ApplicationError(
            "There may be a disability or communication need: consider a reasonable adjustment before escalating, "
            "and record what was offered (or why nothing was)", field="adjustment_offered",
        )
    if outcome == Triage.Outcome.INFORMAL_WARNING:
        if not warning_given_by.strip():
            raise ApplicationError("Enter who gave the informal warning", field="warning_given_by")
        if warning_given_on is None:
            raise ApplicationError("Enter the date the informal warning was given", field="warning_given_on")
        if warning_given_on > timezone.localdate():
            raise ApplicationError("The date the warning was given must be today or in the past", field="warning_given_on")
        if not warning_what_was_said.strip():
            raise ApplicationError("Enter what was said", field="warning_what_was_said")
    triage = Triage(
        council=council, incident=incident, manager=actor, outcome=outcome, reasons=reasons.strip(),
        other_route=other_route.strip(), adjustment_offered=adjustment_offered.strip(), offer_outcome=offer_outcome.strip(),
        warning_given_by=warning_given_by.strip() if outcome == Triage.Outcome.INFORMAL_WARNING else "",
        warning_given_on=warning_given_on if outcome == Triage.Outcome.INFORMAL_WARNING else None,
        warning_what_was_said=warning_what_was_said.strip() if outcome == Triage.Outcome.INFORMAL_WARNING else "",
        **answers,
    )
    triage.full_clean()
    triage.save()
    incident.status = STATUS_FOR_OUTCOME[Triage.Outcome(outcome)]
    incident.save(update_fields=["status", "updated_at"])
    late = bool(incident.triage_due_on and timezone.localdate() > incident.triage_due_on)
    audit_record(actor=actor, event=EventType.INCIDENT_TRIAGED, council=council, subject=incident,
                 data={"outcome": outcome, "triage": str(triage.pk), "late": late,
                       "possible_disability_or_need": bool(possible_disability_or_need)})
    incident_path = reverse("incidents:incident_detail", kwargs={"id": incident.pk})
    staff_email_queue(council=council, recipients=[incident.reporter.email], subject="There is an update on an incident you reported",
                      path=incident_path, key=f"incident-triaged:{triage.pk}:reporter")
    if outcome == Triage.Outcome.REFER:
        from safecontact.incidents.selectors import decision_makers_for

        staff_email_queue(council=council, recipients=[u.email for u in decision_makers_for(council=council) if u.pk != incident.reporter_id],
                          subject="An incident has been referred for a decision", path=incident_path, key=f"incident-triaged:{triage.pk}:referred")
    return triage


@transaction.atomic
def informal_warning_withdraw(*, actor: User | None, triage: Triage, reason: str) -> Triage:
    """An informal warning overturned on appeal: it stops counting at once and the report's page says so. Called by
    appeals.services.appeal_decide, which checked the appeals officer's permission and independence."""
    if actor is not None:
        require(actor, Action.APPEAL_DECIDE, triage.council)
    triage = Triage.objects.select_for_update().get(pk=triage.pk)
    if triage.outcome != Triage.Outcome.INFORMAL_WARNING:
        raise ApplicationError("Only an informal warning can be withdrawn.")
    if triage.warning_withdrawn_at is not None:
        raise ApplicationError("This warning has already been withdrawn.")
    triage.warning_withdrawn_at, triage.warning_withdrawn_reason = timezone.now(), reason.strip()[:300]
    triage.full_clean()
    triage.save(update_fields=["warning_withdrawn_at", "warning_withdrawn_reason", "updated_at"])
    audit_record(actor=actor, event=EventType.WARNING_WITHDRAWN, council=triage.council, subject=triage.incident,
                 data={"kind": "informal", "triage": str(triage.pk)})
    return triage
