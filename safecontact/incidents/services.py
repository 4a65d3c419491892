"""Writes about incident reports: drafts, evidence, submission, linking the person.
Triage lives in services_triage.py."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import can, require, roles_of
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, Team, User
from safecontact.accounts.selectors import council_settings_for
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.files import file_saved_on_commit
from safecontact.core.validators import date_of_birth_problem
from safecontact.core.workdays import add_working_days
from safecontact.incidents import rules
from safecontact.incidents.models import Attachment, BehaviourCategory, Incident, ReferenceCounter
from safecontact.incidents.uploads import INCIDENT_ATTACHMENTS_PER_REPORT, check_upload
from safecontact.matching import normalise_postcode
from safecontact.notifications.services import staff_email_queue
from safecontact.people.models import Person

# The answers a reporter may change while the report is a draft.
DRAFT_FIELDS = frozenset({
    "occurred_at", "channel", "team", "location", "location_postcode", "account", "exact_words", "reporter_opinion",
    "immediate_action", "immediate_action_detail", "crime_reference", "injury", "damage", "injury_detail",
    "subject_not_known", "subject_given_names", "subject_family_name", "subject_aliases", "subject_date_of_birth",
    "subject_approximate_age", "subject_address", "subject_postcode", "subject_contact", "identity_confirmation",
    "others_involved", "witnesses", "reporter_wants_support", "source_organisation", "sharing_conditions",
})


def allocate_reference(*, council: Organisation, prefix: str, year: int) -> str:
    """The next `PREFIX-YYYY-NNNNNN` for a council; call inside the caller's transaction."""
    ReferenceCounter.objects.get_or_create(council=council, prefix=prefix, year=year)
    counter = ReferenceCounter.objects.select_for_update().get(council=council, prefix=prefix, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{prefix}-{year}-{counter.last_number:06d}"


def _require_own_draft(actor: User, incident: Incident) -> None:
    if incident.reporter_id != actor.pk or incident.status != Incident.Status.DRAFT:
        raise ApplicationError("Only the person reporting can change a draft report, and only until it is submitted.")


@transaction.atomic
def incident_draft_create(*, actor: User, council: Organisation, on_behalf: bool = False) -> Incident:
    require(actor, Action.INCIDENT_REPORT, council)
    if on_behalf:
        require(actor, Action.INCIDENT_RECORD_ON_BEHALF, council)
    incident = Incident(
        council=council, reporter=actor, recorded_on_behalf=on_behalf,
        reporter_kind=rules.reporter_kind_for(frozenset(str(r) for r in roles_of(actor, council))),
    )
    incident.full_clean()
    incident.save()
    audit_record(actor=actor, event=EventType.INCIDENT_DRAFT_CREATED, council=council, subject=incident,
                 data={"on_behalf": on_behalf})
    return incident


def _check_answers(council: Organisation, changes: dict[str, Any]) -> None:
    occurred_at = changes.get("occurred_at")
    if isinstance(occurred_at, datetime) and occurred_at > timezone.now():
        raise ApplicationError("The date and time it happened must be in the past", field="occurred_at")
    dob = changes.get("subject_date_of_birth")
    problem = date_of_birth_problem(dob) if isinstance(dob, date) else None
    if problem:
        raise ApplicationError(problem, field="subject_date_of_birth")
    team = changes.get("team")
    if isinstance(team, Team) and team.council_id != council.pk:
        raise ApplicationError("Choose a service area of this council", field="team")


def _refresh_riddor(incident: Incident) -> None:
    groups = set(incident.categories.values_list("group", flat=True))
    incident.riddor_flag = rules.is_riddor_candidate(injury=incident.injury, category_groups=groups)


@transaction.atomic
def incident_draft_save(
    *, actor: User, council: Organisation, incident: Incident, changes: dict[str, Any],
    categories: list[BehaviourCategory] | None = None, section: str = "",
) -> Incident:
    """Save one section of a draft. Names are stored exactly as typed (only trimmed)."""
    require(actor, Action.INCIDENT_REPORT, council)
    _require_own_draft(actor, incident)
    unknown = set(changes) - DRAFT_FIELDS
    if unknown:
        raise ValueError(f"Not a report answer: {sorted(unknown)}")
    _check_answers(council, changes)
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if field in ("location_postcode", "subject_postcode") and value:
            value = normalise_postcode(value) or value.upper()
        setattr(incident, field, value)
    if "immediate_action" in changes:
        incident.police_called = "police_called" in (incident.immediate_action or [])
    if incident.subject_not_known:
        for field in ("subject_given_names", "subject_family_name", "subject_aliases", "subject_address", "subject_postcode",
                      "subject_contact", "identity_confirmation"):
            setattr(incident, field, "")
        incident.subject_date_of_birth = None
        incident.subject_approximate_age = None
    if categories is not None:
        allowed = {c.pk for c in categories if c.council_id in (None, council.pk)}
        incident.categories.set([c for c in categories if c.pk in allowed])
    _refresh_riddor(incident)
    incident.full_clean()
    incident.save()
    audit_record(actor=actor, event=EventType.INCIDENT_DRAFT_SAVED, council=council, subject=incident,
                 data={"section": section, "fields": sorted(changes)})
    return incident


def attachment_add(*, actor: User, council: Organisation, incident: Incident, upload: Any) -> Attachment:
    """Evidence for a draft: type and size checked before anything is stored (outside the web root). The file is
    moved into place only when the row commits, and a full disk is a message beside the field (core/files.py)."""
    require(actor, Action.INCIDENT_REPORT, council)
    _require_own_draft(actor, incident)
    kind = check_upload(upload)
    if incident.attachments.count() >= INCIDENT_ATTACHMENTS_PER_REPORT:
        raise ApplicationError(f"A report can have at most {INCIDENT_ATTACHMENTS_PER_REPORT} files", field="file")
    original = (upload.name or "evidence").rsplit("/", 1)[-1][:255]
    attachment = Attachment(council=council, incident=incident, original_name=original, content_type=kind.content_type,
                            size=upload.size, uploaded_by=actor)
    ext = original.rsplit(".", 1)[-1].lower()
    with file_saved_on_commit(attachment.file, f"{attachment.pk}.{ext}", upload, field="file"):  # its own transaction
        attachment.full_clean()
        attachment.save()
        audit_record(actor=actor, event=EventType.ATTACHMENT_ADDED, council=council, subject=attachment,
                     data={"incident": str(incident.pk), "size": attachment.size, "content_type": kind.content_type})
    return attachment


@transaction.atomic
def attachment_remove(*, actor: User, council: Organisation, attachment: Attachment) -> None:
    require(actor, Action.INCIDENT_REPORT, council)
    _require_own_draft(actor, attachment.incident)
    audit_record(actor=actor, event=EventType.ATTACHMENT_REMOVED, council=council, subject=attachment,
                 data={"incident": str(attachment.incident_id)})
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))


def triager_emails(incident: Incident) -> list[str]:
    from safecontact.incidents.selectors import triagers_for

    return [user.email for user in triagers_for(incident=incident)]


@transaction.atomic
def incident_submit(*, actor: User, council: Organisation, incident: Incident) -> Incident:
    """Submit a complete report: allocates INC-YYYY-NNNNNN and tells the triage manager (a link only)."""
    require(actor, Action.INCIDENT_REPORT, council)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _require_own_draft(actor, incident)
    missing = rules.missing_answers(incident)
    if missing:
        raise ApplicationError(missing[0].message, field=missing[0].field)
    _check_answers(council, {"occurred_at": incident.occurred_at, "subject_date_of_birth": incident.subject_date_of_birth})
    if incident.recorded_on_behalf:
        require(actor, Action.INCIDENT_RECORD_ON_BEHALF, council)
    now = timezone.now()
    target = council_settings_for(council=council).triage_target_working_days
    incident.reference = allocate_reference(council=council, prefix="INC", year=timezone.localdate(now).year)
    incident.status = Incident.Status.SUBMITTED
    incident.submitted_at = now
    incident.triage_due_on = add_working_days(timezone.localdate(now), target)
    _refresh_riddor(incident)
    incident.full_clean()
    incident.save()
    audit_record(actor=actor, event=EventType.INCIDENT_SUBMITTED, council=council, subject=incident,
                 data={"reference": incident.reference, "riddor_flag": incident.riddor_flag, "on_behalf": incident.recorded_on_behalf})
    staff_email_queue(council=council, recipients=triager_emails(incident), subject="An incident report is waiting for your triage",
                      path=reverse("incidents:triage", kwargs={"id": incident.pk}), key=f"incident-submitted:{incident.pk}:triage")
    if incident.riddor_flag:
        from safecontact.incidents.selectors import hs_advisers_for

        staff_email_queue(council=council, recipients=[u.email for u in hs_advisers_for(council=council)],
                          subject="An incident report may be RIDDOR-reportable",
                          path=reverse("incidents:incident_detail", kwargs={"id": incident.pk}), key=f"incident-submitted:{incident.pk}:riddor")
    return incident


@transaction.atomic
def incident_report_complete(
    *, actor: User, council: Organisation, answers: dict[str, Any], categories: list[BehaviourCategory], on_behalf: bool = False,
) -> Incident:
    """Create, fill in and submit a report in one step (the API for CRM and mobile intake)."""
    incident = incident_draft_create(actor=actor, council=council, on_behalf=on_behalf)
    incident_draft_save(actor=actor, council=council, incident=incident, changes=answers, categories=categories, section="api")
    return incident_submit(actor=actor, council=council, incident=incident)


@transaction.atomic
def incident_link_person(*, actor: User, council: Organisation, incident: Incident, person: Person) -> Incident:
    """Say who the report is about. Refused for drafts and for people of another council."""
    require(actor, Action.PERSON_EDIT, council)
    if incident.status == Incident.Status.DRAFT:
        raise ApplicationError("A draft report cannot be linked to a person until it is submitted.")
    if person.council_id != council.pk or incident.council_id != council.pk:
        raise ApplicationError("Choose a person recorded by this council.", field="person")
    if person.merged_into_id:
        raise ApplicationError("That record was merged into another: link the record it was merged into.", field="person")
    previous = incident.person_id
    incident.person = person
    incident.full_clean()
    incident.save(update_fields=["person", "updated_at"])
    audit_record(actor=actor, event=EventType.INCIDENT_PERSON_LINKED, council=council, subject=incident,
                 data={"person": str(person.pk), "previous_person": str(previous) if previous else None})
    return incident


@transaction.atomic
def incident_create_person_and_link(*, actor: User, council: Organisation, incident: Incident) -> Person:
    """A new person record from what the reporter wrote, linked to the report."""
    from safecontact.people.services import person_create

    if incident.subject_not_known or not (incident.subject_family_name or incident.subject_given_names):
        raise ApplicationError("The report does not name the person: create the record from the people pages instead.")
    person = person_create(
        actor=actor, council=council, given_names=incident.subject_given_names,
        family_name=incident.subject_family_name or incident.subject_given_names,
        date_of_birth=incident.subject_date_of_birth, approximate_age=incident.subject_approximate_age,
        address_line=incident.subject_address, postcode=incident.subject_postcode, contact=incident.subject_contact,
        aliases=[a.strip() for a in incident.subject_aliases.split(",") if a.strip()],
    )
    incident_link_person(actor=actor, council=council, incident=incident, person=person)
    return person


def can_record_on_behalf(actor: User, council: Organisation) -> bool:
    return can(actor, Action.INCIDENT_RECORD_ON_BEHALF, council)
