"""Reads about letters and wording. Letters are council-wide for the roles that may see them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.letters.models import Event, Letter, LetterTemplateVersion
from safecontact.people.models import Person
from safecontact.register.models import LIVE_STATUSES, Measure


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


WARNING_EVENTS = (Event.FORMAL_WARNING, Event.INFORMAL_WARNING)


def letters_for_warning(*, decision: Any = None, incident: Any = None) -> QuerySet[Letter]:
    """Letters about a formal warning (a decision) or an informal one (the report it was recorded on): the warning
    letter itself and the letters about appeals against it."""
    if decision is not None:
        return Letter.objects.filter(decision=decision, measure__isnull=True).defer("pdf").order_by("-created_at")
    return Letter.objects.filter(incident=incident).defer("pdf").order_by("-created_at")


def warning_letter_issued(*, decision: Any = None, incident: Any = None) -> Letter | None:
    """The warning letter the customer was sent (the newest issued one): an appeal's window runs from it."""
    return (letters_for_warning(decision=decision, incident=incident).filter(event__in=WARNING_EVENTS)
            .exclude(status=Letter.Status.DRAFT).order_by("-issued_at").first())


# --- Telling the customer (domain R37) ---
# A letter tells the customer once it has been issued and not failed: queued letters are on their way.
TOLD_STATUSES = (Letter.Status.QUEUED, Letter.Status.SENT, Letter.Status.POSTED)


def measures_not_told(*, council: Organisation) -> QuerySet[Measure]:
    """Live entries about a person who has not been told (no issued letter of the entry's own kind, which
    shares its name with the letter event) and for whom nobody recorded a decision not to tell."""
    told = Letter.objects.filter(measure=OuterRef("pk"), event=OuterRef("kind"), status__in=TOLD_STATUSES)
    return (Measure.objects.filter(council=council, status__in=LIVE_STATUSES, person__isnull=False)
            .exclude(notify_decision=Measure.Notify.WITHHELD).exclude(Exists(told))
            .select_related("person").order_by("approved_on", "reference"))


def measure_customer_told(*, measure: Measure) -> bool:
    """Was the customer told about this entry (a letter about it issued and not failed, and no decision not to
    tell)? When it ends, a removal letter is due only then: telling someone never told would disclose it."""
    if measure.person_id is None or measure.notify_decision == Measure.Notify.WITHHELD:
        return False
    return Letter.objects.filter(measure=measure, status__in=TOLD_STATUSES).exists()


def measures_reconsider_due(*, council: Organisation, today: date) -> QuerySet[Measure]:
    """Live entries with a decision not to tell the customer whose reconsider date has arrived."""
    return (Measure.objects.filter(council=council, status__in=LIVE_STATUSES, notify_decision=Measure.Notify.WITHHELD,
                                   notify_reconsider_on__lte=today)
            .select_related("person", "notify_decided_by").order_by("notify_reconsider_on", "reference"))


def measures_not_told_for(*, actor: User, council: Organisation) -> QuerySet[Measure]:
    if not can(actor, Action.NOTIFY_FOLLOW_UP, council):
        return Measure.objects.none()
    return measures_not_told(council=council)


def measures_reconsider_due_for(*, actor: User, council: Organisation, today: date) -> QuerySet[Measure]:
    if not can(actor, Action.NOTIFY_FOLLOW_UP, council):
        return Measure.objects.none()
    return measures_reconsider_due(council=council, today=today)


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
               "changed_terms": "The changed terms would appear here.", "received_on": "2026-01-05", "decision_due": "2026-01-19",
               "warning_examples": "The dated examples would appear here.", "expected_change": "The change expected would appear here.",
               "warning_given_on": "2026-01-02", "warning_in_force_until": "2027-01-02",
               "request_reference": "RCT-SAMPLE", "request_kind": "rectification", "correction": "The correction would appear here."},
    )
