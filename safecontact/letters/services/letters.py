"""Writes for letters: prepare a draft, edit its free-text paragraphs, issue it (address confirmed,
PDF frozen), requeue a failed one. Delivery itself is in outbox.py."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.cases.models import Decision
from safecontact.core.exceptions import ApplicationError
from safecontact.core.references import next_reference
from safecontact.incidents.models import Incident
from safecontact.letters import rendering
from safecontact.letters.models import Event, Letter
from safecontact.people.models import Person, PersonAddress
from safecontact.policies.selectors import policy_in_force
from safecontact.register.models import Measure

PARAGRAPH_MAX = 3000
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read from paper


def verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


def correspondence_address(person: Person) -> PersonAddress | None:
    """The address marked for correspondence, else the current one (no end date), newest first."""
    current = person.addresses.filter(to_date__isnull=True).select_related("address")
    return current.filter(is_correspondence=True).first() or current.first()


def letter_create(
    *, actor: User | None, council: Organisation, event: str, person: Person, measure: Measure | None = None,
    decision: Decision | None = None, extra: dict[str, Any] | None = None, incident: Incident | None = None,
) -> Letter:
    """For services that already checked their own permission (an appeal decision produces its
    outcome letter). Views call letter_prepare."""
    if person.council_id != council.pk:
        raise ApplicationError("Choose a person of this council.")
    if measure is not None and measure.council_id != council.pk:
        raise ApplicationError("Choose a register entry of this council.")
    if incident is not None and incident.council_id != council.pk:
        raise ApplicationError("Choose a report of this council.")
    address = correspondence_address(person)
    extra = dict(extra or {})
    in_force = policy_in_force(council=council)
    if in_force is not None:  # the letter cites the policy version in force when it was prepared (domain R2)
        extra.setdefault("policy_version", in_force.version)
    letter = Letter(
        council=council, event=Event(event), person=person, measure=measure, decision=decision, incident=incident, extra=extra,
        prepared_by=actor, reference=next_reference(model=Letter, council=council, prefix="LET"),
        verification_code=verification_code(), large_print=rendering.wants_large_print(person.preferred_format),
        format_note=person.preferred_format, address=address, address_text=_address_text(address),
        address_verified_on=address.verified_on if address else None,
    )
    letter.full_clean()
    letter.save()
    audit_record(actor=actor, event=EventType.LETTER_PREPARED, council=council, subject=letter,
                 data={"event": letter.event, "measure": str(measure.pk) if measure else None})
    return letter


def _address_text(address: PersonAddress | None) -> str:
    if address is None:
        return ""
    a = address.address
    return "\n".join(part for part in (a.line1, a.line2, a.town, a.postcode) if part)


@transaction.atomic
def letter_prepare(
    *, actor: User, council: Organisation, event: str, person: Person, measure: Measure | None = None,
    decision: Decision | None = None, extra: dict[str, Any] | None = None,
) -> Letter:
    require(actor, Action.LETTER_PREPARE, council)
    if measure is not None and measure.notify_decision == Measure.Notify.WITHHELD:
        raise ApplicationError("A decision-maker decided not to tell the customer about this entry yet: reconsider that first.")
    if measure is not None and event in (Event.CONTACT_RESTRICTION, Event.SAFETY_MARKER) and not measure.is_live:
        raise ApplicationError("Only a live entry can be notified.")
    return letter_create(actor=actor, council=council, event=event, person=person, measure=measure, decision=decision, extra=extra)


@transaction.atomic
def letter_edit_paragraphs(*, actor: User, letter: Letter, paragraphs: dict[str, str]) -> Letter:
    require(actor, Action.LETTER_PREPARE, letter.council)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.is_issued:
        raise ApplicationError("This letter has been issued and cannot be changed.")
    cleaned = {}
    for key in rendering.EDITABLE_PARAGRAPHS:
        text = (paragraphs.get(key) or "").strip()
        if len(text) > PARAGRAPH_MAX:
            raise ApplicationError(f"Keep each paragraph under {PARAGRAPH_MAX} characters.", field=key)
        cleaned[key] = text
    letter.paragraphs = cleaned
    letter.full_clean()
    letter.save(update_fields=["paragraphs", "updated_at"])
    audit_record(actor=actor, event=EventType.LETTER_EDITED, council=letter.council, subject=letter)
    return letter


@transaction.atomic
def letter_issue(*, actor: User, letter: Letter, channel: str, address_confirmed: bool, recipient_email: str = "") -> Letter:
    """Freeze the letter as a PDF and send it (email, Notify) or record it as posted. Refuses unless
    the officer confirmed the correspondence address: a letter to an old address is the commonest breach."""
    require(actor, Action.LETTER_ISSUE, letter.council)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.is_issued:
        raise ApplicationError("This letter has already been issued.")
    if channel not in Letter.Channel.values:
        raise ApplicationError("Choose how to send the letter.", field="channel")
    if not letter.address_text:
        raise ApplicationError("The customer has no current correspondence address: add one to their record first.")
    if not address_confirmed:
        raise ApplicationError("Confirm that the correspondence address is current before issuing the letter.", field="address_confirmed")
    if channel == Letter.Channel.EMAIL and not recipient_email.strip():
        raise ApplicationError("Enter the customer's email address.", field="recipient_email")
    if letter.measure is not None and letter.measure.notify_decision == Measure.Notify.WITHHELD:
        raise ApplicationError("A decision-maker decided not to tell the customer about this entry yet.")
    now = timezone.now()
    wording = rendering.current_wording(council=letter.council, event=letter.event)
    letter.issued_on = timezone.localdate()
    html = rendering.render_html(letter, body=wording.body, issued_on=letter.issued_on, draft=False)
    pdf = rendering.html_to_pdf(html)
    letter.pdf, letter.pdf_sha256 = pdf, rendering.sha256(pdf)
    letter.template_version, letter.template_label = wording.version, wording.label
    letter.address_confirmed_by, letter.address_confirmed_at = actor, now
    letter.channel, letter.recipient_email = channel, recipient_email.strip() if channel == Letter.Channel.EMAIL else ""
    letter.issued_by, letter.issued_at = actor, now
    if channel == Letter.Channel.POST:
        letter.status, letter.sent_at = Letter.Status.POSTED, now
    else:
        letter.status, letter.next_attempt_at = Letter.Status.QUEUED, now
    letter.full_clean()
    letter.save()
    audit_record(actor=actor, event=EventType.LETTER_ISSUED, council=letter.council, subject=letter,
                 data={"channel": channel, "sha256": letter.pdf_sha256, "event": letter.event,
                       "template_version": str(wording.version.pk) if wording.version else "default",
                       "address_verified_on": letter.address_verified_on.isoformat() if letter.address_verified_on else None})
    if letter.status == Letter.Status.QUEUED:
        from safecontact.letters.tasks import deliver_letters

        transaction.on_commit(lambda: deliver_letters.enqueue())
    return letter


@transaction.atomic
def letter_requeue(*, actor: User, letter: Letter) -> Letter:
    """A failed letter (the provider kept refusing it) is tried again: the same PDF, never a new one."""
    require(actor, Action.LETTER_ISSUE, letter.council)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.FAILED:
        raise ApplicationError("Only a letter that failed to send can be tried again.")
    letter.status, letter.next_attempt_at, letter.attempts = Letter.Status.QUEUED, timezone.now(), 0
    letter.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
    audit_record(actor=actor, event=EventType.LETTER_REQUEUED, council=letter.council, subject=letter)
    from safecontact.letters.tasks import deliver_letters

    transaction.on_commit(lambda: deliver_letters.enqueue())
    return letter
