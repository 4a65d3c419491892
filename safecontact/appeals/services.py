"""Writes for appeals: record (officer) or submit (customer, online), assign to an independent
appeals officer, decide. The decision is limited to the measure and changes it accordingly."""

from __future__ import annotations

import secrets
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safecontact.access.checks import can, require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.accounts.selectors import council_settings_for
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.cases.models import Decision
from safecontact.core.exceptions import ApplicationError
from safecontact.core.files import file_saved_on_commit
from safecontact.core.ratelimit import DAY, MINUTE, Limit, RateLimitedError, rate_limit_hit, subject_key
from safecontact.core.references import next_reference
from safecontact.core.workdays import add_working_days
from safecontact.governance.services import clearance_open
from safecontact.incidents.models import Incident
from safecontact.incidents.uploads import check_upload
from safecontact.letters.models import Event, Letter
from safecontact.letters.services import letter_create
from safecontact.notifications.services import staff_email_queue
from safecontact.register.models import Measure, MeasureVersion
from safecontact.register.services import measure_end, measure_lock
from safecontact.register.services_terms import Terms, measure_vary

from .models import Appeal, AppealDocument
from .selectors import involved_user_ids
from .warnings import VARY_REFUSED, warning_appealed, warning_withdraw_on_appeal

DETAIL_MAX = 5000


def _clean_grounds(grounds: list[str], detail: str) -> tuple[list[str], str]:
    grounds = [g for g in dict.fromkeys(grounds) if g in Appeal.Ground.values]
    if not grounds:
        raise ApplicationError("Choose at least one reason for the appeal.", field="grounds")
    detail = detail.strip()
    if len(detail) > DETAIL_MAX:
        raise ApplicationError(f"Keep the explanation under {DETAIL_MAX} characters.", field="grounds_detail")
    if Appeal.Ground.OTHER in grounds and not detail:
        raise ApplicationError("Explain your reason for the appeal.", field="grounds_detail")
    return grounds, detail


def _create(
    *, actor: Any, council: Organisation, measure: Measure | None, decision: Decision | None, letter: Letter | None,
    received_on: date, channel: str, grounds: list[str], grounds_detail: str, contact_email: str = "",
    incident: Incident | None = None,
) -> Appeal:
    if measure is None and decision is None and incident is None:
        raise ApplicationError("Choose the warning, restriction or marker being appealed.", field="measure")
    if received_on > timezone.localdate():
        raise ApplicationError("The date received cannot be in the future.", field="received_on")
    grounds, grounds_detail = _clean_grounds(grounds, grounds_detail)
    settings_row = council_settings_for(council=council)
    if measure is None:  # a formal or an informal warning (appeals/warnings.py)
        person, owner = warning_appealed(decision=decision, incident=incident)
    else:
        person, owner = measure.person, measure.owner  # type: ignore[assignment]
    if person is None:
        raise ApplicationError("Only an entry about a person can be appealed.")
    issued_on = letter.issued_on if letter is not None else None
    appeal_by = add_working_days(issued_on, settings_row.appeal_window_working_days) if issued_on else None
    appeal = Appeal(
        council=council, reference=next_reference(model=Appeal, council=council, prefix="APL"), person=person, measure=measure,
        decision=decision, incident=incident if measure is None else None, letter=letter, received_on=received_on, channel=channel,
        grounds=grounds, grounds_detail=grounds_detail, contact_email=contact_email.strip(),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
        appeal_by=appeal_by, is_late=bool(appeal_by and received_on > appeal_by),
        decision_due=add_working_days(received_on, settings_row.appeal_decision_working_days),
    )
    appeal.full_clean()
    appeal.save()
    appeal.acknowledgement_letter = letter_create(
        actor=actor if appeal.recorded_by else None, council=council, event=Event.APPEAL_ACKNOWLEDGEMENT, person=person,
        measure=measure, decision=decision, incident=appeal.incident,
        extra={"appeal_reference": appeal.reference, "received_on": received_on.isoformat(), "decision_due": appeal.decision_due.isoformat()},
    )
    appeal.save(update_fields=["acknowledgement_letter", "updated_at"])
    audit_record(actor=actor, event=EventType.APPEAL_RECORDED, council=council, subject=appeal,
                 data={"measure": str(measure.pk) if measure else None, "decision": str(decision.pk) if decision else None,
                       "incident": str(appeal.incident_id) if appeal.incident_id else None,
                       "channel": channel, "grounds": grounds, "late": appeal.is_late})
    staff_email_queue(council=council, recipients=[owner.email], subject="An appeal has been made against a decision you own",
                      path=reverse("appeals:appeal_detail", kwargs={"id": appeal.pk}), key=f"appeal-recorded:{appeal.pk}")
    return appeal


def appeal_record(
    *, actor: User, council: Organisation, received_on: date, channel: str, grounds: list[str], grounds_detail: str = "",
    measure: Measure | None = None, decision: Decision | None = None, letter: Letter | None = None,
    document: UploadedFile | None = None, incident: Incident | None = None,
) -> Appeal:
    """One transaction. A document sent with the appeal is written first and moved into place when the appeal
    commits; a full disk refuses the whole appeal with a message beside the field (core/files.py)."""
    require(actor, Action.APPEAL_RECORD, council)
    # The evidence allowlist: type from the file's first bytes (and name), never the browser's content type.
    kind = check_upload(document, field="document") if document is not None else None
    for record in (measure, decision, letter, incident):
        if record is not None and record.council_id != council.pk:
            raise ApplicationError("Choose a record of this council.")
    if channel not in Appeal.Channel.values:
        raise ApplicationError("Choose how the appeal was received.", field="channel")
    saved: AppealDocument | None = None
    writing: AbstractContextManager[Any] = transaction.atomic()
    if document is not None and kind is not None:
        original = (document.name or "document").rsplit("/", 1)[-1][:255]
        saved = AppealDocument(original_name=original, content_type=kind.content_type, size=document.size or 0)
        ext = original.rsplit(".", 1)[-1].lower()
        writing = file_saved_on_commit(saved.file, f"{saved.pk}.{ext}", document, field="document")  # its own transaction
    with writing:
        appeal = _create(actor=actor, council=council, measure=measure, decision=decision, letter=letter, received_on=received_on,
                         channel=channel, grounds=grounds, grounds_detail=grounds_detail, incident=incident)
        if saved is not None:
            saved.appeal = appeal
            saved.save()
            audit_record(actor=actor, event=EventType.ATTACHMENT_ADDED, council=council, subject=saved, data={"appeal": str(appeal.pk)})
    return appeal


def letter_for_public_appeal(*, reference: str, code: str, council: Organisation | None = None) -> Letter | None:
    """The issued letter with this reference and code (of this council, when the page was reached from its link),
    if any. Codes are compared in constant time."""
    reference, code = reference.strip().upper(), code.strip().upper().replace(" ", "")
    letters = Letter.objects.filter(reference=reference).exclude(status=Letter.Status.DRAFT).select_related("measure", "decision")
    if council is not None:
        letters = letters.filter(council=council)
    for letter in letters:
        if secrets.compare_digest(letter.verification_code, code):
            return letter
    return None


class AppealAlreadyReceivedError(ApplicationError):
    """The letter quoted has been appealed already: one appeal per letter (and so per appeal code)."""

    def __init__(self, appeal: Appeal) -> None:
        super().__init__(f"We already have an appeal against this letter. Its reference is {appeal.reference}.")
        self.reference = appeal.reference


def appeal_public_letter(*, reference: str, code: str, council: Organisation | None = None) -> Letter | None:
    """The first step of the public page: the letter the customer may appeal against, or None when the reference and
    code match no appealable letter (the page then says only that: the same words for a wrong reference and a wrong
    code). Raises AppealAlreadyReceivedError when the letter has been appealed. Counted by appeal_public_rate_enforce."""
    letter = letter_for_public_appeal(reference=reference, code=code, council=council)
    if letter is None or (letter.measure is None and letter.decision is None and letter.incident is None):
        return None
    existing = Appeal.objects.filter(letter=letter).order_by("created_at").first()
    if existing is not None:
        raise AppealAlreadyReceivedError(existing)
    return letter


def appeal_public_rate_enforce(*, client_address: str, reference: str) -> None:
    """Count one try on the public page, per client address and per letter reference quoted, whether or not the
    reference exists (so the answer reveals nothing); raise RateLimitedError when over a limit. Per reference, so
    that many addresses cannot share out the guessing of one letter's code; a try refused for its address is not
    counted against the reference, so one address cannot use up a letter's tries."""
    refusal = rate_limit_hit(key=subject_key("address", client_address), limits=[
        Limit("appeal.address.minute", settings.APPEAL_RATE_PER_ADDRESS_PER_MINUTE, MINUTE),
        Limit("appeal.address.day", settings.APPEAL_RATE_PER_ADDRESS_PER_DAY, DAY),
    ])
    reference = reference.strip().upper()
    if refusal is None and reference:
        refusal = rate_limit_hit(key=subject_key("letter", reference),
                                 limits=[Limit("appeal.reference.day", settings.APPEAL_RATE_PER_REFERENCE_PER_DAY, DAY)])
    if refusal is not None:
        raise RateLimitedError("Too many tries.", retry_after=refusal.retry_after)


@transaction.atomic
def appeal_submit_public(*, reference: str, code: str, grounds: list[str], grounds_detail: str, contact_email: str = "") -> Appeal | None:
    """The customer's own appeal. Returns None when the reference and code match no letter: the
    caller must answer exactly as when they do, so the page reveals nothing about the register.
    Raises AppealAlreadyReceivedError when the letter has been appealed: whoever holds its code may learn that
    much, and the existing appeal's reference, but nothing else."""
    letter = letter_for_public_appeal(reference=reference, code=code)
    if letter is None or (letter.measure is None and letter.decision is None and letter.incident is None):
        _clean_grounds(grounds, grounds_detail)
        return None
    # Lock the letter so that two submissions at once cannot both find no appeal (the constraint is the backstop).
    Letter.objects.select_for_update().filter(pk=letter.pk).values_list("pk").get()
    existing = Appeal.objects.filter(letter=letter).order_by("created_at").first()
    if existing is not None:
        raise AppealAlreadyReceivedError(existing)
    return _create(actor=AnonymousUser(), council=letter.council, measure=letter.measure, decision=letter.decision, letter=letter,
                   received_on=timezone.localdate(), channel=Appeal.Channel.ONLINE, grounds=grounds, grounds_detail=grounds_detail,
                   contact_email=contact_email, incident=letter.incident)


def _require_independent(appeal: Appeal, officer: User) -> None:
    if officer.pk in involved_user_ids(appeal=appeal):
        raise ApplicationError(f"{officer.full_name} had a part in this case (reported, triaged, decided, proposed or approved it), "
                               "so cannot hear the appeal. Choose an officer who was not involved.", field="officer")


@transaction.atomic
def appeal_assign(*, actor: User, appeal: Appeal, officer: User) -> Appeal:
    council = appeal.council
    require(actor, Action.APPEAL_ASSIGN, council)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status == Appeal.Status.DECIDED:
        raise ApplicationError("This appeal has been decided.")
    if not can(officer, Action.APPEAL_DECIDE, council):
        raise ApplicationError("Choose someone who holds the appeals officer role.", field="officer")
    _require_independent(appeal, officer)
    appeal.appeals_officer, appeal.assigned_by, appeal.assigned_at = officer, actor, timezone.now()
    appeal.status = Appeal.Status.ASSIGNED
    appeal.full_clean()
    appeal.save()
    audit_record(actor=actor, event=EventType.APPEAL_ASSIGNED, council=council, subject=appeal, data={"officer": str(officer.pk)})
    staff_email_queue(council=council, recipients=[officer.email], subject="An appeal has been assigned to you",
                      path=reverse("appeals:appeal_detail", kwargs={"id": appeal.pk}), key=f"appeal-assigned:{appeal.pk}:{appeal.assigned_at.isoformat()}")
    return appeal


@transaction.atomic
def appeal_decide(
    *, actor: User, appeal: Appeal, outcome: str, reasons: str, changed_terms: str = "", review_due: date | None = None,
    terms: Terms | None = None,
) -> Appeal:
    council = appeal.council
    require(actor, Action.APPEAL_DECIDE, council)
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("measure", "decision", "incident").get(pk=appeal.pk)
    if appeal.status != Appeal.Status.ASSIGNED or appeal.appeals_officer_id != actor.pk:
        raise ApplicationError("Only the appeals officer assigned to this appeal can decide it.")
    _require_independent(appeal, actor)
    if outcome not in Appeal.Outcome.values:
        raise ApplicationError("Choose the outcome.", field="outcome")
    if appeal.is_against_warning and outcome == Appeal.Outcome.VARIED:
        raise ApplicationError(VARY_REFUSED, field="outcome")
    if not reasons.strip():
        raise ApplicationError("Give the reasons for the outcome.", field="reasons")
    if outcome == Appeal.Outcome.VARIED and not changed_terms.strip():
        raise ApplicationError("Say how the measure changes.", field="changed_terms")
    # The entry's row is locked and read again: a Governance Group removal or a second appeal may have ended it.
    measure = measure_lock(measure=appeal.measure) if appeal.measure is not None else None
    if measure is not None and outcome != Appeal.Outcome.NOT_UPHELD and not measure.is_live:
        raise ApplicationError("The entry has already ended; record the outcome as not upheld and explain in the reasons.", field="outcome")
    if measure is not None and outcome == Appeal.Outcome.OVERTURNED:
        measure = measure_end(actor=None, measure=measure, reason=f"Overturned on appeal {appeal.reference}",
                              ended_reason=Measure.EndedReason.OVERTURNED)
        # Every ending clears everywhere (issue 11); the outcome letter below tells the customer, so no removal letter.
        clearance_open(actor=actor, measure=measure, why=f"Overturned on appeal {appeal.reference}")
    elif measure is not None and outcome == Appeal.Outcome.VARIED:
        measure, changes = measure_vary(actor=actor, measure=measure, source=MeasureVersion.Source.APPEAL, why=changed_terms.strip(),
                                        note=f"on appeal {appeal.reference}", terms=terms or Terms(), review_due=review_due,
                                        data={"appeal": str(appeal.pk)})
        changed_terms = "\n".join([changed_terms.strip(), *changes])
    elif measure is None and outcome == Appeal.Outcome.OVERTURNED:
        warning_withdraw_on_appeal(actor=actor, appeal=appeal)
    appeal.outcome, appeal.outcome_reasons, appeal.changed_terms = outcome, reasons.strip(), changed_terms.strip()
    appeal.status, appeal.decided_at = Appeal.Status.DECIDED, timezone.now()
    appeal.outcome_letter = letter_create(
        actor=actor, council=council, event=Event.APPEAL_OUTCOME, person=appeal.person, measure=measure, decision=appeal.decision,
        incident=appeal.incident,
        extra={"appeal_reference": appeal.reference, "outcome": outcome, "outcome_reasons": appeal.outcome_reasons,
               "changed_terms": appeal.changed_terms},
    )
    appeal.full_clean()
    appeal.save()
    audit_record(actor=actor, event=EventType.APPEAL_DECIDED, council=council, subject=appeal,
                 data={"outcome": outcome, "measure": str(measure.pk) if measure else None})
    incident = measure.originating_incident if measure is not None else None
    if incident is not None:
        staff_email_queue(council=council, recipients=[incident.reporter.email], subject="There is an update on an incident you reported",
                          path=reverse("incidents:incident_detail", kwargs={"id": incident.pk}), key=f"appeal-decided:{appeal.pk}:reporter")
    return appeal
