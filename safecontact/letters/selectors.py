"""Reads about letters and wording. Letters are council-wide for the roles that may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.letters.models import Event, Letter, LetterTemplateVersion
from safecontact.people.models import Person
from safecontact.register.models import Measure


def letter_list_for(*, actor: User, council: Organisation, status: str = "") -> QuerySet[Letter]:
    if not can(actor, Action.LETTER_VIEW, council):
        return Letter.objects.none()
    qs = Letter.objects.filter(council=council).select_related("person", "measure").defer("pdf")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def letter_get_for(*, actor: User, council: Organisation, id: Any) -> Letter:
    try:
        return letter_list_for(actor=actor, council=council).defer(None).get(pk=id)
    except (Letter.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def letters_for_measure(*, measure: Measure) -> QuerySet[Letter]:
    return Letter.objects.filter(measure=measure).defer("pdf").order_by("-created_at")


def template_versions_for(*, actor: User, council: Organisation, event: str = "") -> QuerySet[LetterTemplateVersion]:
    if not can(actor, Action.LETTER_TEMPLATE_EDIT, council):
        return LetterTemplateVersion.objects.none()
    qs = LetterTemplateVersion.objects.filter(council=council).select_related("created_by")
    return qs.filter(event=event) if event else qs


def template_version_get_for(*, actor: User, council: Organisation, id: Any) -> LetterTemplateVersion:
    try:
        return template_versions_for(actor=actor, council=council).get(pk=id)
    except (LetterTemplateVersion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def sample_letter(*, council: Organisation, event: str) -> Letter:
    """An unsaved letter with invented values, for previewing wording."""
    return Letter(
        council=council, event=Event(event), reference="LET-SAMPLE", verification_code="ABCD2345",
        person=Person(council=council, given_names="Alex", family_name="Sample"),
        address_text="1 Sample Street\nSampletown\nAB1 2CD",
        extra={"appeal_reference": "APL-SAMPLE", "outcome": "varied", "outcome_reasons": "The reasons would appear here.",
               "changed_terms": "The changed terms would appear here.", "received_on": "2026-01-05", "decision_due": "2026-01-19"},
    )
