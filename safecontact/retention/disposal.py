"""How each class of record is disposed of. Every function here works on ONE record (and the rows that
belong to it) inside the caller's transaction, so a failure leaves that record exactly as it was.

Deletion goes through `purge()`, which deletes the rows that belong to a record first: rows with a
CASCADE key (attachments, triage, a person's aliases and search keys…) and rows of later apps
(reviews, governance…) that exist only to describe it. A protecting key from a core record (a measure
still resting on an incident) is never cut: Django refuses, the transaction rolls back, and the sweep
reports the error. Files are collected and removed from storage only after the commit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from safecontact.accounts.models import RecertificationCampaign, RecertificationItem, RecertificationTask
from safecontact.appeals.models import Appeal, AppealDocument
from safecontact.cases.models import Case, Decision
from safecontact.checks.models import Check
from safecontact.disclosures.models import Disclosure
from safecontact.incidents.models import Incident, Triage
from safecontact.letters.models import Letter
from safecontact.people.models import Address, Person, PersonAddress, PersonSearchKey
from safecontact.rectification.models import RectificationRequest
from safecontact.register.models import Measure
from safecontact.retention.policies import Action, RecordClass
from safecontact.retention.selectors import reverse_relations
from safecontact.subject_access.models import Redaction, SubjectAccessRequest

RC = RecordClass
# Apps whose records have retention rules of their own: their protecting keys are never cut by purge().
CORE_APPS = frozenset({"accounts", "audit", "core", "people", "incidents", "cases", "register", "checks", "letters", "appeals"})
MAX_DEPTH = 8
# Rows deleted along with another record, reported under their own class.
COUNTED_MODELS = {"letters.letter": RC.LETTER, "appeals.appeal": RC.APPEAL, "incidents.attachment": RC.ATTACHMENT,
                  # Their keys to the person cascade: they go with the customer record and are logged as such.
                  "equality.equalityrecord": RC.EQUALITY, "subject_access.subjectaccessrequest": RC.SUBJECT_ACCESS}


@dataclass
class Context:
    """What every disposal in one council's run needs to know besides the record."""

    incident_may_go: Q = field(default_factory=Q)


@dataclass(frozen=True)
class Disposed:
    """One record disposed of: its class, what was done, and which row (identifiers only, for the audit)."""

    record_class: str
    action: str
    model: type[models.Model]
    pk: Any


@dataclass
class Outcome:
    """What one record's disposal did: counts by (class, action), each record disposed of (the sweep writes
    one audit event for each in the same transaction), and files to remove after commit."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    records: list[Disposed] = field(default_factory=list)
    files: list[tuple[Any, str]] = field(default_factory=list)

    def add(self, record_class: str, action: str, model: type[models.Model], pks: list[Any]) -> None:
        if pks:
            self.counts[(str(record_class), str(action))] += len(pks)
            self.records += [Disposed(str(record_class), str(action), model, pk) for pk in pks]

    def one(self, record_class: str, action: str, record: models.Model) -> None:
        self.add(record_class, action, type(record), [record.pk])


def referenced(obj: models.Model) -> bool:
    """Does any row still point at `obj` with a protecting key?"""
    return any(rel.related_model._base_manager.filter(**{rel.field.name: obj.pk}).exists()
               for rel in reverse_relations(type(obj)) if rel.on_delete in (models.PROTECT, models.RESTRICT))


def purge(queryset: QuerySet[Any], out: Outcome, *, depth: int = 0, counted: bool = True) -> int:
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    if depth > MAX_DEPTH:
        raise RuntimeError(f"Disposal of {model._meta.label} nested too deeply")
    for rel in reverse_relations(model):
        children = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": pks})
        if rel.on_delete is models.CASCADE:
            purge(children, out, depth=depth + 1)
        elif rel.on_delete in (models.PROTECT, models.RESTRICT) and rel.related_model._meta.app_label not in CORE_APPS:
            if rel.field.null:
                children.update(**{rel.field.name: None})
            else:
                purge(children, out, depth=depth + 1)
    file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    if file_fields:
        for row in model._base_manager.filter(pk__in=pks).values_list(*[f.name for f in file_fields]):
            out.files += [(f.storage, name) for f, name in zip(file_fields, row, strict=True) if name]
    model._base_manager.filter(pk__in=pks).delete()
    record_class = COUNTED_MODELS.get(model._meta.label_lower)
    if counted and record_class is not None:
        out.add(record_class, Action.DELETED, model, pks)
    return len(pks)


def _only(obj: models.Model) -> QuerySet[Any]:
    return type(obj)._base_manager.filter(pk=obj.pk)


# --- One function per class ----------------------------------------------------------------------

def dispose_check(check: Check, out: Outcome, ctx: Context) -> None:
    purge(_only(check), out)
    out.one(RC.CHECK_LOG, Action.DELETED, check)


def dispose_appeal(appeal: Appeal, out: Outcome, ctx: Context) -> None:
    purge(AppealDocument.objects.filter(appeal=appeal), out)
    appeal.grounds_detail = appeal.contact_email = appeal.outcome_reasons = appeal.changed_terms = ""
    appeal.save(update_fields=["grounds_detail", "contact_email", "outcome_reasons", "changed_terms", "updated_at"])
    out.one(RC.APPEAL, Action.ANONYMISED, appeal)


def dispose_letter(letter: Letter, out: Outcome, ctx: Context) -> None:
    about_nothing = letter.measure_id is None and letter.decision_id is None and letter.incident_id is None
    if (letter.status == Letter.Status.DRAFT or about_nothing) and not referenced(letter):
        purge(_only(letter), out)  # counted as a deleted letter
        return
    letter.pdf, letter.address_text, letter.recipient_email, letter.address = None, "", "", None
    letter.paragraphs, letter.extra, letter.format_note = {}, {}, ""
    letter.save(update_fields=["pdf", "address_text", "recipient_email", "address", "paragraphs", "extra", "format_note", "updated_at"])
    out.one(RC.LETTER, Action.ANONYMISED, letter)


def _purge_warning_correspondence(incident_ids: Any, out: Outcome) -> None:
    """Appeals against an informal warning and the letters about it go with the warning (or its report)."""
    purge(Appeal.objects.filter(incident__in=incident_ids), out)
    purge(Letter.objects.filter(incident__in=incident_ids), out)


def dispose_informal_warning(triage: Triage, out: Outcome, ctx: Context) -> None:
    _purge_warning_correspondence([triage.incident_id], out)
    triage.warning_given_by, triage.warning_what_was_said, triage.warning_given_on = "", "", None
    triage.save(update_fields=["warning_given_by", "warning_what_was_said", "warning_given_on", "updated_at"])
    out.one(RC.WARNING, Action.ANONYMISED, triage)


def dispose_formal_warning(decision: Decision, out: Outcome, ctx: Context) -> None:
    purge(Appeal.objects.filter(decision=decision), out)
    purge(Letter.objects.filter(decision=decision), out)
    purge(_only(decision), out)
    out.one(RC.WARNING, Action.DELETED, decision)


def dispose_measure(measure: Measure, out: Outcome, ctx: Context) -> None:
    """The entry, its correspondence, and the incidents it rested on once nothing else rests on them
    (domain R65: "linked incidents no longer needed"); its case and person follow later in the run."""
    incident_ids = {measure.originating_incident_id, *measure.other_incidents.values_list("pk", flat=True)}
    purge(Appeal.objects.filter(measure=measure), out)
    purge(Letter.objects.filter(measure=measure), out)
    purge(_only(measure), out)
    out.one(RC.ENDED_MEASURE, Action.DELETED, measure)
    freed = list(Incident.objects.filter(pk__in=incident_ids, measures_originated__isnull=True, measures__isnull=True).exclude(
        status__in=(Incident.Status.DRAFT, Incident.Status.SUBMITTED)).filter(ctx.incident_may_go).values_list("pk", flat=True))
    _purge_warning_correspondence(freed, out)
    purge(Incident.objects.filter(pk__in=freed), out)
    out.add(RC.INCIDENT, Action.DELETED, Incident, freed)


def dispose_incident(incident: Incident, out: Outcome, ctx: Context) -> None:
    _purge_warning_correspondence([incident.pk], out)
    purge(_only(incident), out)
    out.one(RC.INCIDENT_DRAFT if incident.status == Incident.Status.DRAFT else RC.INCIDENT, Action.DELETED, incident)


def dispose_case(case: Case, out: Outcome, ctx: Context) -> None:
    decisions = Decision.objects.filter(case=case)
    purge(Appeal.objects.filter(decision__in=decisions), out)
    purge(Letter.objects.filter(decision__in=decisions), out)
    purge(decisions, out)
    purge(_only(case), out)
    out.one(RC.CASE, Action.DELETED, case)


def _merged_chain(person: Person) -> list[list[Any]]:
    """The person's id, then the records merged into it, level by level."""
    levels, frontier = [[person.pk]], [person.pk]
    while frontier:
        frontier = list(Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
        if frontier:
            levels.append(frontier)
    return levels


def dispose_person(person: Person, out: Outcome, ctx: Context) -> None:
    levels = _merged_chain(person)
    ids = [pk for level in levels for pk in level]
    address_ids = list(PersonAddress.objects.filter(person__in=ids).values_list("address_id", flat=True))
    PersonSearchKey.objects.filter(person__in=ids).delete()  # the people-search index, explicitly
    for level in reversed(levels):  # records merged into another go first (merged_into protects)
        purge(Person.objects.filter(pk__in=level), out)
    typed = Address.objects.filter(pk__in=address_ids, from_gazetteer=False)
    for rel in reverse_relations(Address):
        if rel.on_delete is not models.CASCADE:
            typed = typed.exclude(pk__in=rel.related_model._base_manager.filter(
                **{f"{rel.field.name}__in": address_ids}).values(rel.field.name))
    purge(typed, out)
    out.add(RC.PERSON, Action.DELETED, Person, ids)


def dispose_subject_access(request: SubjectAccessRequest, out: Outcome, ctx: Context) -> None:
    purge(Redaction.objects.filter(request=request), out)
    purge(_only(request), out)  # counted as a subject access request


def dispose_rectification(request: RectificationRequest, out: Outcome, ctx: Context) -> None:
    letter_id = request.outcome_letter_id
    purge(_only(request), out)
    out.one(RC.RECTIFICATION, Action.DELETED, request)
    if letter_id is None:
        return
    # The outcome letter is about no entry, warning or incident: it has no reason to stay once the request has gone.
    letter = Letter.objects.filter(pk=letter_id, measure__isnull=True, decision__isnull=True, incident__isnull=True).first()
    if letter is not None and not referenced(letter):
        purge(_only(letter), out)


def dispose_disclosure(disclosure: Disclosure, out: Outcome, ctx: Context) -> None:
    purge(_only(disclosure), out)
    out.one(RC.DISCLOSURE, Action.DELETED, disclosure)


def dispose_recertification(campaign: RecertificationCampaign, out: Outcome, ctx: Context) -> None:
    # accounts is a core app, so purge() does not follow its protecting keys: items, then tasks, then the campaign.
    tasks = RecertificationTask.objects.filter(campaign=campaign)
    purge(RecertificationItem.objects.filter(task__in=tasks), out)
    purge(tasks, out)
    purge(_only(campaign), out)
    out.one(RC.RECERTIFICATION, Action.DELETED, campaign)


STEPS = (
    (RC.CHECK_LOG.value, dispose_check),
    (RC.APPEAL.value, dispose_appeal),
    (RC.LETTER.value, dispose_letter),
    ("informal_warning", dispose_informal_warning),
    (RC.WARNING.value, dispose_formal_warning),
    (RC.ENDED_MEASURE.value, dispose_measure),
    (RC.INCIDENT_DRAFT.value, dispose_incident),
    (RC.INCIDENT.value, dispose_incident),
    (RC.SUBJECT_ACCESS.value, dispose_subject_access),
    (RC.RECTIFICATION.value, dispose_rectification),
    (RC.DISCLOSURE.value, dispose_disclosure),
    (RC.RECERTIFICATION.value, dispose_recertification),
    (RC.CASE.value, dispose_case),
    (RC.PERSON.value, dispose_person),
)
"""The order matters: an ended entry goes before its incidents, incidents before their case (and before the
rectification requests disputing them), requests about a person before the person, and the person last,
so one run disposes of everything that has reached its time."""
