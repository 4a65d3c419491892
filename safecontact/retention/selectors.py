"""Reads for retention: each council's periods, what legal holds cover, and what is due for disposal.

`due_querysets()` is the single definition of "due": the plan on the DPO's page counts it, the sweep
disposes of it record by record (re-checking each record inside its own transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from safecontact.accounts.models import Organisation, RecertificationCampaign
from safecontact.accounts.selectors import council_settings_for
from safecontact.appeals.models import Appeal
from safecontact.cases.models import Case, Decision
from safecontact.checks.models import Check
from safecontact.core.workdays import add_months
from safecontact.disclosures.models import Disclosure
from safecontact.incidents.models import Incident, Triage
from safecontact.letters.models import Letter
from safecontact.people.models import Person
from safecontact.rectification.models import RectificationRequest
from safecontact.register.models import Measure
from safecontact.retention.models import DisposalLog, LegalHold, RetentionOverride
from safecontact.retention.policies import RULES, RecordClass
from safecontact.subject_access.models import SubjectAccessRequest

RC = RecordClass
FINISHED_INCIDENT = (Incident.Status.CLOSED, Incident.Status.WARNING_RECORDED, Incident.Status.DECIDED)
OPEN_APPEAL = (Appeal.Status.RECEIVED, Appeal.Status.ASSIGNED)


# --- Periods -------------------------------------------------------------------------------------

def retention_periods(*, council: Organisation) -> dict[str, int | None]:
    """Months per record class for this council: its override, its setting, or the default."""
    overrides = dict(RetentionOverride.objects.filter(council=council).values_list("record_class", "months"))
    settings_row = council_settings_for(council=council)
    periods: dict[str, int | None] = {}
    for rule in RULES:
        months = rule.default_months
        if rule.council_setting:
            months = getattr(settings_row, rule.council_setting)
        elif rule.record_class.value in overrides:
            months = overrides[rule.record_class.value]
        if months is not None and rule.min_months is not None and rule.max_months is not None:
            months = min(max(months, rule.min_months), rule.max_months)  # the table's limits always win
        periods[rule.record_class.value] = months
    return periods


def last_trigger_date(*, today: date, months: int) -> date:
    """The latest trigger date whose period has run by `today` (trigger + months <= today)."""
    cutoff = add_months(today, -months)
    while add_months(cutoff + timedelta(days=1), months) <= today:  # month ends: 31 Jan + 1 month = 28 Feb
        cutoff += timedelta(days=1)
    return cutoff


def _before_end_of(day: date) -> datetime:
    """The first instant after `day` in the council's time zone (for datetime trigger fields)."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


# --- Legal holds ---------------------------------------------------------------------------------

@dataclass
class Holds:
    people: set[Any] = field(default_factory=set)
    cases: set[Any] = field(default_factory=set)
    measures: set[Any] = field(default_factory=set)
    incidents: set[Any] = field(default_factory=set)


def holds_for(*, council: Organisation) -> Holds:
    """Everything a legal hold covers: held people and cases (LegalHold rows or the records' own
    `legal_hold` flags) and every measure, incident and case connected with them."""
    active = LegalHold.objects.filter(council=council, lifted_at__isnull=True)
    people = set(active.filter(person__isnull=False).values_list("person_id", flat=True))
    people |= set(Person.objects.filter(council=council, legal_hold=True).values_list("pk", flat=True))
    # A merged record and the record it was merged into stand or fall together.
    people |= set(Person.objects.filter(council=council, merged_into__in=people).values_list("pk", flat=True))
    people |= set(Person.objects.filter(council=council, merged_from__in=people).values_list("pk", flat=True))
    cases = set(active.filter(case__isnull=False).values_list("case_id", flat=True))
    cases |= set(Case.objects.filter(council=council).filter(Q(legal_hold=True) | Q(person__in=people)).values_list("pk", flat=True))
    measures = set(Measure.objects.filter(council=council).filter(
        Q(legal_hold=True) | Q(person__in=people) | Q(case__in=cases)).values_list("pk", flat=True))
    incidents = set(Incident.objects.filter(council=council).filter(
        Q(legal_hold=True) | Q(person__in=people) | Q(cases__in=cases) | Q(measures_originated__in=measures) | Q(measures__in=measures)
    ).values_list("pk", flat=True))
    return Holds(people=people, cases=cases, measures=measures, incidents=incidents)


def legal_hold_list_for(*, council: Organisation, active: bool = True) -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(council=council, lifted_at__isnull=active).select_related("person", "case", "placed_by", "lifted_by")


def legal_hold_get_for(*, council: Organisation, id: Any) -> LegalHold:  # noqa: A002
    from django.shortcuts import get_object_or_404

    return get_object_or_404(LegalHold, council=council, pk=id)


# --- What is due ---------------------------------------------------------------------------------

def reverse_relations(model: type[models.Model]) -> list[Any]:
    """Every foreign key pointing at `model`, hidden ones (related_name="+") included."""
    return [f for f in model._meta.get_fields(include_hidden=True)
            if f.is_relation and f.auto_created and not f.concrete and not f.many_to_many]


def _referenced_ids(model: type[models.Model], ids: QuerySet[Any], *, skip: tuple[str, ...] = ()) -> Q:
    """A filter matching rows of `model` that some other row still points at with a protecting key."""
    condition = Q(pk__in=[])
    for rel in reverse_relations(model):
        if rel.on_delete in (models.CASCADE, models.SET_NULL, models.SET_DEFAULT) or rel.field.name in skip:
            continue
        related = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids})  # type: ignore[union-attr]
        condition = condition | Q(pk__in=related.values(rel.field.name))
    return condition


def incident_may_go(*, council: Organisation, today: date, periods: dict[str, int | None], holds: Holds) -> Q:
    """Incidents no legal hold covers and past the RIDDOR minimum when flagged (used by the incident rules
    and when an ended entry takes the incidents it rested on with it)."""
    months = periods[RC.RIDDOR_INCIDENT]
    assert months is not None
    riddor_end = _before_end_of(last_trigger_date(today=today, months=months))
    riddor_floor = Q(riddor_flag=True) & (Q(occurred_at__gte=riddor_end) | Q(occurred_at__isnull=True))
    return ~riddor_floor & ~Q(pk__in=holds.incidents)


def due_querysets(*, council: Organisation, today: date, periods: dict[str, int | None] | None = None,
                  holds: Holds | None = None) -> dict[str, QuerySet[Any]]:
    """Per record class with a disposal step of its own: the records due on `today`, holds excluded."""
    periods = periods or retention_periods(council=council)
    holds = holds or holds_for(council=council)

    def cutoff(record_class: str) -> date:
        months = periods[record_class]
        assert months is not None
        return last_trigger_date(today=today, months=months)

    may_go = incident_may_go(council=council, today=today, periods=periods, holds=holds)
    open_appeals = Appeal.objects.filter(status__in=OPEN_APPEAL)
    held_letters = (Q(person__in=holds.people) | Q(measure__in=holds.measures) | Q(decision__case__in=holds.cases)
                    | Q(incident__in=holds.incidents))  # letters and appeals alike

    checks = Check.objects.filter(council=council, created_at__lt=_before_end_of(cutoff(RC.CHECK_LOG))).exclude(
        measures__in=holds.measures)
    appeal_end = _before_end_of(cutoff(RC.APPEAL))
    appeals = Appeal.objects.filter(council=council, status=Appeal.Status.DECIDED, decided_at__lt=appeal_end).filter(
        ~Q(grounds_detail="") | ~Q(contact_email="") | ~Q(outcome_reasons="") | ~Q(changed_terms="")
        | Q(pk__in=Appeal.objects.filter(documents__isnull=False).values("pk"))).exclude(held_letters)
    letter_end = _before_end_of(cutoff(RC.LETTER))
    # A draft or a letter about nothing is deleted; one a protecting key still needs (a rectification request's
    # outcome letter) is anonymised instead, once: after that it holds nothing and is not due again every day.
    council_letters = Letter.objects.filter(council=council)
    still_holds = (Q(pdf__isnull=False) | ~Q(address_text="") | ~Q(recipient_email="") | Q(address__isnull=False)
                   | ~Q(paragraphs={}) | ~Q(extra={}) | ~Q(format_note=""))
    deletable = (Q(status=Letter.Status.DRAFT) | Q(measure__isnull=True, decision__isnull=True, incident__isnull=True)) & ~_referenced_ids(
        Letter, council_letters.values("pk"))
    letters = council_letters.filter(
        Q(issued_at__lt=letter_end) | Q(issued_at__isnull=True, created_at__lt=letter_end)).filter(
        still_holds | deletable).exclude(held_letters)
    warning_day = cutoff(RC.WARNING)
    informal = Triage.objects.filter(council=council, warning_given_on__lte=warning_day).exclude(incident__in=holds.incidents).exclude(
        incident__in=open_appeals.filter(incident__isnull=False).values("incident_id"))
    formal = Decision.objects.filter(council=council, outcome=Decision.Outcome.FORMAL_WARNING,
                                     decided_at__lt=_before_end_of(warning_day)).exclude(case__in=holds.cases).exclude(
        pk__in=open_appeals.filter(decision__isnull=False).values("decision_id"))
    measures = Measure.objects.filter(council=council, status=Measure.Status.ENDED,
                                      ended_at__lt=_before_end_of(cutoff(RC.ENDED_MEASURE))).exclude(
        pk__in=holds.measures).exclude(pk__in=open_appeals.filter(measure__isnull=False).values("measure_id"))
    no_measure = Q(measures_originated__isnull=True) & Q(measures__isnull=True)
    drafts = Incident.objects.filter(council=council, status=Incident.Status.DRAFT,
                                     updated_at__lt=_before_end_of(cutoff(RC.INCIDENT_DRAFT))).filter(no_measure)
    incidents = Incident.objects.filter(council=council, status__in=FINISHED_INCIDENT,
                                        submitted_at__lt=_before_end_of(cutoff(RC.INCIDENT))).filter(no_measure).exclude(
        pk__in=open_appeals.filter(incident__isnull=False).values("incident_id"))  # an informal warning under appeal
    warned_cases = Decision.objects.filter(outcome=Decision.Outcome.FORMAL_WARNING).values("case_id")
    cases = Case.objects.filter(council=council, measures__isnull=True, incidents__isnull=True).exclude(
        pk__in=warned_cases).exclude(pk__in=holds.cases)
    survivors = Person.objects.filter(council=council, merged_into__isnull=True)
    # A subject access request is kept for its own period and keeps the record it is about (its key cascades, so
    # _referenced_ids does not see it); the request step runs first, so a request that is due frees its person the same day.
    people = survivors.filter(created_at__lt=_before_end_of(cutoff(RC.PERSON))).exclude(pk__in=holds.people).exclude(
        _referenced_ids(Person, survivors.values("pk"), skip=("merged_into",))).exclude(
        pk__in=SubjectAccessRequest.objects.values("person_id"))
    subject_access, rectification, disclosures, recertification = _information_rights_due(
        council=council, cutoff=cutoff, holds=holds)
    return {
        RC.CHECK_LOG: checks,
        RC.APPEAL: appeals,
        RC.LETTER: letters,
        "informal_warning": informal,
        RC.WARNING: formal,
        RC.ENDED_MEASURE: measures,
        RC.INCIDENT_DRAFT: drafts.filter(may_go),
        RC.INCIDENT: incidents.filter(may_go),
        RC.SUBJECT_ACCESS: subject_access,
        RC.RECTIFICATION: rectification,
        RC.DISCLOSURE: disclosures,
        RC.RECERTIFICATION: recertification,
        RC.CASE: cases,
        RC.PERSON: people,
    }


def _information_rights_due(*, council: Organisation, cutoff: Any, holds: Holds) -> tuple[QuerySet[Any], ...]:
    """Subject access and rectification requests, the disclosure log and access checks that are due."""
    sar_day = cutoff(RC.SUBJECT_ACCESS)
    subject_access = SubjectAccessRequest.objects.filter(council=council).filter(
        Q(closed_at__lt=_before_end_of(sar_day))
        | Q(closed_at__isnull=True, status=SubjectAccessRequest.Status.SENT, sent_on__lte=sar_day)).exclude(
        person__in=holds.people)
    # A statement stays beside the entry or incident it disputes while that record is kept (disposing of the record
    # empties the link).
    rectification = RectificationRequest.objects.filter(
        council=council, decided_at__lt=_before_end_of(cutoff(RC.RECTIFICATION)), measure__isnull=True,
        incident__isnull=True).exclude(status=RectificationRequest.Status.OPEN).exclude(person__in=holds.people)
    disclosures = Disclosure.objects.filter(council=council, disclosed_at__lt=_before_end_of(cutoff(RC.DISCLOSURE))).exclude(
        measure__in=holds.measures).exclude(person__in=holds.people)
    # The check covers a quarter: its period runs from the quarter's end, three months after `quarter_start`.
    quarter_day = add_months(cutoff(RC.RECERTIFICATION), -3)
    recertification = RecertificationCampaign.objects.filter(council=council, quarter_start__lte=quarter_day)
    return subject_access, rectification, disclosures, recertification


def retention_plan(*, council: Organisation, today: date) -> list[tuple[str, int]]:
    """A dry run: how many records of each class the sweep would dispose of today (people and cases
    freed by today's other disposals are counted on the next day's plan)."""
    due = due_querysets(council=council, today=today)
    counts: dict[str, int] = {}
    for key, queryset in due.items():
        record_class = RC.WARNING.value if key == "informal_warning" else str(key)
        counts[record_class] = counts.get(record_class, 0) + queryset.values("pk").distinct().count()
    from safecontact.incidents.models import Attachment

    incident_ids = list(due[RC.INCIDENT].values_list("pk", flat=True)) + list(due[RC.INCIDENT_DRAFT].values_list("pk", flat=True))
    counts[RC.ATTACHMENT.value] = Attachment.objects.filter(incident__in=incident_ids).count()
    return [(rule.record_class.value, counts[rule.record_class.value]) for rule in RULES if rule.record_class.value in counts]


def disposal_log_for(*, council: Organisation) -> QuerySet[DisposalLog]:
    return DisposalLog.objects.filter(council=council)


def retention_table_for(*, council: Organisation) -> list[dict[str, Any]]:
    periods = retention_periods(council=council)
    return [{"rule": rule, "months": periods[rule.record_class.value],
             "changed": periods[rule.record_class.value] != rule.default_months} for rule in RULES]




def hold_subject_for(*, council: Organisation, kind: str, reference: str) -> Person | Case | None:
    """The person or case a reference leads to (case, incident, entry, letter or appeal reference; for a
    person, also the id on their record's page). None when nothing in this council matches."""
    reference = reference.strip()
    people: list[Any] = []
    cases: list[Any] = []
    for model in (Case, Incident, Measure, Letter, Appeal):
        row = model._base_manager.filter(council=council, reference__iexact=reference).first() if reference else None
        if row is None:
            continue
        people.append(getattr(row, "person", None))
        if isinstance(row, Case):
            cases.append(row)
        elif isinstance(row, Incident):
            cases.append(row.cases.first())
        else:
            decision = getattr(row, "decision", None)
            cases.append(getattr(row, "case", None) or getattr(getattr(row, "measure", None), "case", None)
                         or getattr(decision, "case", None))
    if kind == "person" and not any(people):
        try:
            people.append(Person.objects.filter(council=council, pk=reference).first())
        except (ValueError, ValidationError):
            pass
    found = [p for p in people if p is not None] if kind == "person" else [c for c in cases if c is not None]
    return found[0] if found else None
