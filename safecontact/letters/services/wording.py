"""Writes for a council's letter wording and letter settings: a new version is saved, previewed,
then activated; an issued letter keeps the version it was made with."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.template import TemplateSyntaxError
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.letters import rendering
from safecontact.letters.models import Event, LetterSettings, LetterTemplateVersion
from safecontact.letters.safe_html import wording_problems

BODY_MAX = 20000


@transaction.atomic
def letter_template_save(*, actor: User, council: Organisation, event: str, body: str, note: str = "") -> LetterTemplateVersion:
    require(actor, Action.LETTER_TEMPLATE_EDIT, council)
    event = Event(event)
    if not body.strip():
        raise ApplicationError("Enter the wording of the letter.", field="body")
    if len(body) > BODY_MAX:
        raise ApplicationError(f"Keep the wording under {BODY_MAX} characters.", field="body")
    if problems := wording_problems(body):
        raise ApplicationError(
            "Letters can use headings, paragraphs, lists, bold and italic text and merge fields only. Remove "
            + ", ".join(problems) + ".", field="body")
    try:
        rendering.BODY_ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise ApplicationError(f"The wording has a mistake in a merge field or condition: {exc}", field="body") from exc
    last = LetterTemplateVersion.objects.filter(council=council, event=event).aggregate(m=Max("version"))["m"] or 0
    version = LetterTemplateVersion(council=council, event=event, version=last + 1, body=body, note=note.strip(), created_by=actor)
    version.full_clean()
    version.save()
    audit_record(actor=actor, event=EventType.LETTER_TEMPLATE_SAVED, council=council, subject=version,
                 data={"event": event, "version": version.version})
    return version


@transaction.atomic
def letter_template_mark_previewed(*, actor: User, version: LetterTemplateVersion) -> LetterTemplateVersion:
    require(actor, Action.LETTER_TEMPLATE_EDIT, version.council)
    if version.previewed_at is None:
        version.previewed_at = timezone.now()
        version.save(update_fields=["previewed_at", "updated_at"])
    return version


@transaction.atomic
def letter_template_activate(*, actor: User, version: LetterTemplateVersion) -> LetterTemplateVersion:
    require(actor, Action.LETTER_TEMPLATE_EDIT, version.council)
    if version.previewed_at is None:
        raise ApplicationError("Preview this wording before you use it.")
    version.activated_at, version.activated_by = timezone.now(), actor
    version.full_clean()
    version.save()
    audit_record(actor=actor, event=EventType.LETTER_TEMPLATE_ACTIVATED, council=version.council, subject=version,
                 data={"event": version.event, "version": version.version})
    return version


@transaction.atomic
def letter_settings_update(*, actor: User, council: Organisation, is_landlord: bool, policy_url: str, from_email: str = "") -> LetterSettings:
    require(actor, Action.LETTER_TEMPLATE_EDIT, council)
    row = rendering.letter_settings_for(council=council)
    row.is_landlord, row.policy_url, row.from_email = is_landlord, policy_url.strip(), from_email.strip()
    row.full_clean()
    row.save()
    audit_record(actor=actor, event=EventType.LETTER_SETTINGS_CHANGED, council=council, subject=row, data={"is_landlord": is_landlord})
    return row
