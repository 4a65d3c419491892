"""The real run of a register import, in bulk: the same records as the row-by-row path, fewer queries.

`services_import._write` proposes (and signs off) each row through the register's services:
about 40 queries a row. Here every row is checked once in Python against the same rules
(`measure_import_propose`, `measure_approve`, `measure_approve_imported`), then the rows are written in
batches (COPY on PostgreSQL, `bulk_create` elsewhere; see core.bulk_insert): people, aliases, addresses, address links, incidents, measures (references
allocated as one block under the council lock), their precautions and restriction types, one
`measure.proposed` (and `measure.approved`) event per measure appended to the chain under one lock,
and the search keys. The database's constraints still apply; `register_import` falls back to the
row-by-row path to name the row if the database refuses a batch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from uuid import uuid4

from django.utils import timezone

from safecontact import matching
from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.bulk import PendingEvent, audit_record_many
from safecontact.audit.events import EventType
from safecontact.core.bulk_insert import clone, insert_all, insert_values
from safecontact.core.references import next_reference
from safecontact.incidents.models import Incident
from safecontact.people.matching_records import candidates_from_values
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias, PersonSearchKey
from safecontact.register.import_rows import SOURCE_ORGANISATION, ImportReport, RowOutcome, SheetRow
from safecontact.register.models import Measure
from safecontact.register.review_dates import default_review_due, review_limit
from safecontact.register.services import subject_key

BATCH_SIZE = 1000
WRITE_CHUNK = 5000  # rows built and written at a time


class RowsRefusedError(Exception):
    """Some rows break a rule of the register's services; their errors are on the report."""


@dataclass
class _Plan:
    """What the write needs to know about the approval, worked out once."""

    today: date
    approver: User | None
    approver_decides: bool = False  # a decision-maker (measure_approve) rather than a register manager
    default_review: date | None = None
    review_due: dict[int, date] = field(default_factory=dict)


def _row_errors(row: SheetRow, plan: _Plan) -> list[str]:
    """The checks `measure_import_propose` and the sign-off make, with their messages, for one parsed row."""
    errors = []
    if not row.reason.strip():
        errors.append("Give the reasons for the measure.")
    if row.kind == Measure.Kind.SAFETY_MARKER:
        if not row.reason.strip():
            errors.append("Describe the risk in a sentence or two: facts, not opinion.")
        if not row.precautions:
            errors.append("Choose at least one precaution.")
    else:
        if not row.restriction_types:
            errors.append("Choose at least one type of restriction.")
        if not row.mandatory_services_route.strip():
            errors.append("Say how the customer can still reach mandatory services.")
        if row.scope == Measure.Scope.ORGANISATION_WIDE:
            errors.append("An organisation-wide restriction needs a justification.")
        if not row.scope:
            errors.append("Choose the scope of the restriction.")
    if plan.approver is None:
        return errors
    limit = review_limit(plan.today)
    review_due = row.review_due or plan.default_review
    assert review_due is not None
    if plan.approver_decides:
        if review_due > limit:
            errors.append("The review date is beyond the 12-month maximum.")
    else:
        review_due = min(review_due, limit)
    if review_due <= plan.today:
        errors.append("The review date must be in the future.")
    plan.review_due[row.number] = review_due
    return errors


def check_rows(report: ImportReport, *, council: Organisation, approver: User | None) -> _Plan:
    """Raises RowsRefusedError, with the errors on the rows, before anything is written."""
    plan = _Plan(today=timezone.localdate(), approver=approver)
    if approver is not None:
        plan.approver_decides = can(approver, Action.MEASURE_APPROVE, council)
        plan.default_review = default_review_due(council=council, today=plan.today)
    refused = False
    for outcome in report.rows:
        if outcome.row is None:
            continue
        errors = _row_errors(outcome.row, plan)
        if errors:
            outcome.errors += errors
            outcome.action = "error"
            refused = True
    if refused:
        raise RowsRefusedError
    return plan


@dataclass
class _Made:
    """One chunk's new records (written, then dropped), and what later chunks and the search keys need."""

    people: list[Person] = field(default_factory=list)
    aliases: list[PersonAlias] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    links: list[PersonAddress] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    events: list[PendingEvent] = field(default_factory=list)
    rows: list[SheetRow] = field(default_factory=list)  # the row of each measure
    # Kept across chunks:
    person_for_row: dict[int, Person] = field(default_factory=dict)
    new_people: list[Person] = field(default_factory=list)
    addresses_of: dict[Any, list[Address]] = field(default_factory=dict)  # new people's addresses, for their keys
    aliases_of: dict[Any, list[tuple[str, str]]] = field(default_factory=dict)  # new people's aliases, for their keys
    measures_written: int = 0

    def written(self) -> None:
        for name in ("people", "aliases", "addresses", "links", "incidents", "measures", "events", "rows"):
            getattr(self, name).clear()


def _references(model: type[Incident | Measure], council: Organisation, prefix: str, count: int) -> list[str]:
    """`count` consecutive references after the last one: the council row stays locked until the commit."""
    stem, _, first = next_reference(model=model, council=council, prefix=prefix).rpartition("-")
    return [f"{stem}-{int(first) + offset:06d}" for offset in range(count)]


def _address_for(row: SheetRow, by_uprn: dict[str, Address], made: _Made, council: Organisation) -> Address | None:
    if row.uprn and row.uprn in by_uprn:
        return by_uprn[row.uprn]
    if not (row.address or row.postcode or row.uprn):
        return None
    address = Address(council=council, line1=row.address or row.postcode or f"UPRN {row.uprn}", postcode=row.postcode, uprn=row.uprn)
    made.addresses.append(address)
    if row.uprn:
        by_uprn[row.uprn] = address
    return address


def _person_for(outcome: RowOutcome, made: _Made, proto: Person) -> Person:
    row = outcome.row
    assert row is not None
    if outcome.person is not None:
        return outcome.person
    if outcome.same_as_row is not None:
        return made.person_for_row[outcome.same_as_row]
    person = clone(proto, id=uuid4(), given_names=row.given, family_name=row.family, date_of_birth=row.date_of_birth)
    made.people.append(person)
    made.new_people.append(person)
    made.addresses_of[person.pk] = []
    made.aliases += [PersonAlias(person=person, given_names=g, family_name=f) for g, f in row.aliases]
    if row.aliases:
        made.aliases_of[person.pk] = list(row.aliases)
    return person


def _prototypes(council: Organisation, actor: User) -> tuple[Incident, Measure]:
    """What every imported incident and measure share; each row's own is a clone with its own values."""
    incident = Incident(council=council, status=Incident.Status.DECIDED, reporter=actor, channel=Incident.Channel.OTHER,
                        location="Imported register", identity_confirmation=Incident.Identity.KNOWN_ACCOUNT,
                        source_organisation=SOURCE_ORGANISATION)
    # As `measure_import_propose` builds it: no premises, the proposer owns it, no distribution.
    measure = Measure(council=council, premises=None, owner=actor, proposed_by=actor, status=Measure.Status.AWAITING_APPROVAL,
                      origin=Measure.Origin.IMPORTED)
    return incident, measure


def _incident(proto: Incident, row: SheetRow, person: Person, reference: str) -> Incident:
    tz = timezone.get_current_timezone()
    return clone(proto, id=uuid4(), reference=reference, submitted_at=datetime.combine(row.date_added or row.incident_date, time(12), tz),
                 occurred_at=datetime.combine(row.incident_date, time(12), tz), account=row.incident_summary, subject_given_names=row.given,
                 subject_family_name=row.family, subject_date_of_birth=row.date_of_birth, subject_address=row.address[:300],
                 subject_postcode=row.postcode, person_id=person.pk)


def _measure(proto: Measure, row: SheetRow, person: Person, incident: Incident, actor: User, reference: str) -> Measure:
    own: dict[str, Any] = {"risk_impact": row.risk_impact, "risk_likelihood": row.risk_likelihood, "risk_description": row.reason.strip(),
                           "advice": row.advice, "risk_description_author_id": actor.pk} \
        if row.kind == Measure.Kind.SAFETY_MARKER else {"scope": row.scope, "mandatory_services_route": row.mandatory_services_route}
    return clone(proto, id=uuid4(), person_id=person.pk, subject_key=subject_key(person, None), originating_incident_id=incident.pk,
                 reasons=row.reason.strip(), reference=reference, kind=row.kind, **own)


def _approve(measure: Measure, plan: _Plan, row: SheetRow) -> PendingEvent:
    """As `measure_approve` (a decision-maker) or `measure_approve_imported` (a register manager) leave it."""
    review_due = plan.review_due[row.number]
    measure.status = Measure.Status.ACTIVE
    measure.approved_by, measure.approved_at, measure.approved_on = plan.approver, timezone.now(), plan.today
    measure.starts_on, measure.review_due = plan.today, review_due
    data: dict[str, Any] = {"review_due": review_due.isoformat()}
    data.update({"identity_override": False} if plan.approver_decides else {"imported": True})
    return PendingEvent(actor=plan.approver, event=EventType.MEASURE_APPROVED, subject=measure, data=data)


def _existing_links(good: list[RowOutcome]) -> set[tuple[Any, Any]]:
    """(person, address) links the people already on file have: a link is not made twice."""
    people = sorted({o.person.pk for o in good if o.person is not None}, key=str)
    if not people:
        return set()
    return set(PersonAddress.objects.filter(person_id__in=people).values_list("person_id", "address_id"))


@dataclass
class _Shared:
    """What every chunk of one import draws on: the addresses by UPRN, the links made, the references, the prototypes."""

    by_uprn: dict[str, Address]
    linked: set[tuple[Any, Any]]
    incident_refs: list[str]
    measure_refs: list[str]
    proto_incident: Incident
    proto_measure: Measure
    proto_person: Person
    proto_link: PersonAddress


def _shared(good: list[RowOutcome], *, actor: User, council: Organisation) -> _Shared:
    uprns = sorted({o.row.uprn for o in good if o.row and o.row.uprn})
    by_uprn = {a.uprn: a for a in Address.objects.filter(council=council, uprn__in=uprns)} if uprns else {}  # the council's own only
    proto_incident, proto_measure = _prototypes(council, actor)
    return _Shared(by_uprn=by_uprn, linked=_existing_links(good), incident_refs=_references(Incident, council, "IMP", len(good)),
                   measure_refs=_references(Measure, council, "PSR", len(good)), proto_incident=proto_incident,
                   proto_measure=proto_measure, proto_person=Person(council=council, created_by=actor), proto_link=PersonAddress())


def _build(chunk: list[RowOutcome], start: int, shared: _Shared, made: _Made, plan: _Plan, *, actor: User,
           council: Organisation) -> None:
    for offset, outcome in enumerate(chunk, start=start):
        row = outcome.row
        assert row is not None
        person = _person_for(outcome, made, shared.proto_person)
        made.person_for_row[row.number] = person
        address = _address_for(row, shared.by_uprn, made, council)
        if address is not None and (person.pk, address.pk) not in shared.linked:
            shared.linked.add((person.pk, address.pk))
            made.links.append(clone(shared.proto_link, id=uuid4(), person_id=person.pk, address_id=address.pk, from_date=row.date_added))
            if person.pk in made.addresses_of:
                made.addresses_of[person.pk].append(address)
        incident = _incident(shared.proto_incident, row, person, shared.incident_refs[offset])
        made.incidents.append(incident)
        measure = _measure(shared.proto_measure, row, person, incident, actor, shared.measure_refs[offset])
        made.measures.append(measure)
        made.rows.append(row)
        made.events.append(PendingEvent(actor=actor, event=EventType.MEASURE_PROPOSED, subject=measure,
                                        data={"kind": measure.kind, "incident": str(incident.pk)}))
        if plan.approver is not None:
            made.events.append(_approve(measure, plan, row))


def _insert(made: _Made, council: Organisation) -> None:
    insert_all(Address, made.addresses, batch_size=BATCH_SIZE)
    insert_all(Person, made.people, batch_size=BATCH_SIZE)
    insert_all(PersonAlias, made.aliases, batch_size=BATCH_SIZE)
    insert_all(PersonAddress, made.links, batch_size=BATCH_SIZE)
    insert_all(Incident, made.incidents, batch_size=BATCH_SIZE)
    insert_all(Measure, made.measures, batch_size=BATCH_SIZE)
    precautions, types = Measure.precautions.through, Measure.restriction_types.through
    ticked = list(zip(made.measures, made.rows, strict=True))
    insert_all(precautions, [precautions(measure_id=m.pk, precaution_id=p.pk) for m, r in ticked for p in dict.fromkeys(r.precautions)])
    insert_all(types, [types(measure_id=m.pk, restrictiontype_id=t.pk) for m, r in ticked for t in dict.fromkeys(r.restriction_types)])
    audit_record_many(council=council, events=made.events)
    made.measures_written += len(made.measures)
    made.written()


def _new_people_keys(made: _Made) -> list[tuple[Any, Any, str]]:
    keys = []
    for person in made.new_people:
        addresses = made.addresses_of[person.pk]
        candidate = matching.Candidate(
            person_id=person.pk, given_names=person.given_names, family_name=person.family_name, aliases=made.aliases_of.get(person.pk, []),
            date_of_birth=person.date_of_birth, postcodes=[a.postcode for a in addresses if a.postcode],
            address_lines=[", ".join(p for p in (a.line1, a.line2, a.town) if p) for a in addresses], uprns=[a.uprn for a in addresses if a.uprn],
        )
        keys += [(person.council_id, person.pk, k) for k in sorted({k[:80] for k in matching.candidate_keys(candidate)})]
    return keys


def _refresh_linked_keys(people: dict[Any, Person]) -> list[tuple[Any, Any, str]]:
    """As refresh_search_keys does for people who existed before the import: drop stale keys, return the missing ones."""
    if not people:
        return []
    ids = list(people)
    candidates = candidates_from_values({pk: (p.given_names, p.family_name, p.date_of_birth) for pk, p in people.items()})
    existing: dict[Any, dict[str, Any]] = {pk: {} for pk in ids}
    for pk, person_id, key in PersonSearchKey.objects.filter(person_id__in=ids).values_list("pk", "person_id", "key"):
        existing[person_id][key] = pk
    stale: list[Any] = []
    missing = []
    for candidate in candidates:
        person = people[candidate.person_id]
        wanted = set() if person.merged_into_id else matching.candidate_keys(candidate)
        have = existing[candidate.person_id]
        stale += [have[k] for k in set(have) - wanted]
        missing += [(person.council_id, person.pk, k) for k in sorted({k[:80] for k in wanted - set(have)})]
    if stale:
        PersonSearchKey.objects.filter(pk__in=stale).delete()
    return missing


def write_rows_bulk(report: ImportReport, plan: _Plan, *, actor: User, council: Organisation) -> None:
    """Write every good row of a checked report; call inside the import's transaction. The rows are built and written
    WRITE_CHUNK at a time, so a 50,000-row import never holds every record at once; the search keys come last, when
    every new person's addresses and aliases are known."""
    good = [o for o in report.rows if o.row is not None]
    shared = _shared(good, actor=actor, council=council)
    made = _Made()
    for start in range(0, len(good), WRITE_CHUNK):
        _build(good[start : start + WRITE_CHUNK], start, shared, made, plan, actor=actor, council=council)
        _insert(made, council)
    new_ids = {p.pk for p in made.new_people}
    linked = {p.pk: p for p in made.person_for_row.values() if p.pk not in new_ids}
    keys = _new_people_keys(made) + _refresh_linked_keys(linked)
    insert_values(PersonSearchKey, ("council_id", "person_id", "key"), keys)
    report.measures_created = made.measures_written
