"""Writes about customers: create, update, add details, merge. Names are stored exactly as typed
(trimmed only); matching keys are recomputed whenever names, dates of birth or addresses change."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.core.validators import date_of_birth_problem
from safecontact.matching import normalise_postcode, normalise_uprn, search_keys
from safecontact.people.models import (
    Address,
    ContactPoint,
    ExternalIdentifier,
    Person,
    PersonAddress,
    PersonAlias,
    PersonSearchKey,
    ReasonableAdjustment,
    Representative,
)
from safecontact.people.selectors import address_for_uprn

PERSON_FIELDS = frozenset({"given_names", "family_name", "date_of_birth", "approximate_age", "known_to_social_care",
                           "preferred_format", "notes"})


def person_refresh_search_keys(person: Person) -> None:
    """Recompute the person's matching keys (names, aliases, DOB, postcodes, UPRNs). Derived data:
    not audited, called by every service that changes those answers."""
    aliases = [(a.given_names, a.family_name) for a in person.aliases.all()]
    addresses = [pa.address for pa in person.addresses.select_related("address")]
    keys = search_keys(person.given_names, person.family_name, aliases, person.date_of_birth,
                       [a.postcode for a in addresses], [a.uprn for a in addresses if a.uprn])
    PersonSearchKey.objects.filter(person=person).delete()
    PersonSearchKey.objects.bulk_create(
        [PersonSearchKey(council_id=person.council_id, person=person, key=key[:80]) for key in sorted(keys)]
    )


def _check_person(person: Person) -> None:
    problem = date_of_birth_problem(person.date_of_birth) if person.date_of_birth else None
    if problem:
        raise ApplicationError(problem, field="date_of_birth")
    if not person.family_name.strip():
        raise ApplicationError("Enter the family name (surname)", field="family_name")


def address_find_or_create(
    *, council: Organisation, line1: str, line2: str = "", town: str = "", postcode: str = "", uprn: str = "",
) -> Address:
    """The council's own Address for a UPRN, or a new one of the council's as typed (postcode normalised).
    Never another council's row: its text, and the fact that it holds the property at all, are its own."""
    clean_uprn = normalise_uprn(uprn) or ""
    if clean_uprn:
        existing = address_for_uprn(council=council, uprn=clean_uprn)
        if existing:
            return existing
    address = Address(council=council, line1=line1.strip(), line2=line2.strip(), town=town.strip(),
                      postcode=normalise_postcode(postcode) or postcode.strip().upper(), uprn=clean_uprn)
    address.full_clean()
    address.save()
    return address


def _check_new_address(*, council: Organisation, address_line: str, postcode: str, uprn: str) -> None:
    """A UPRN alone is enough only when the gazetteer (or an earlier record) knows it: otherwise there is
    no first line to store, and the officer must type the address or correct the UPRN."""
    if not uprn.strip():
        return
    clean_uprn = normalise_uprn(uprn)
    if clean_uprn is None:
        raise ApplicationError("Enter a UPRN of 1 to 12 digits, or leave it blank", field="uprn")
    if not (address_line.strip() or postcode.strip()) and address_for_uprn(council=council, uprn=clean_uprn) is None:
        raise ApplicationError("No address has this UPRN: check it, or type the address and postcode", field="uprn")


def _contact_kind(value: str) -> str:
    if "@" in value and " " not in value.strip():
        return ContactPoint.Kind.EMAIL
    if sum(ch.isdigit() for ch in value) >= 7:
        return ContactPoint.Kind.PHONE
    return ContactPoint.Kind.OTHER


@transaction.atomic
def person_create(
    *, actor: User, council: Organisation, given_names: str, family_name: str, date_of_birth: date | None = None,
    approximate_age: int | None = None, address_line: str = "", postcode: str = "", town: str = "", uprn: str = "",
    contact: str = "", aliases: list[str] | None = None, known_to_social_care: str = Person.SocialCare.NOT_CHECKED,
    notes: str = "",
) -> Person:
    require(actor, Action.PERSON_EDIT, council)
    person = Person(council=council, given_names=given_names.strip(), family_name=family_name.strip(), date_of_birth=date_of_birth,
                    approximate_age=approximate_age, known_to_social_care=known_to_social_care, notes=notes.strip(), created_by=actor)
    _check_person(person)
    _check_new_address(council=council, address_line=address_line, postcode=postcode, uprn=uprn)
    if known_to_social_care != Person.SocialCare.NOT_CHECKED:
        person.social_care_checked_on = timezone.localdate()
    person.full_clean()
    person.save()
    for alias in aliases or []:
        given, _, family = alias.strip().rpartition(" ")
        PersonAlias.objects.create(person=person, given_names=given, family_name=family or alias.strip())
    if address_line.strip() or postcode.strip() or uprn.strip():
        address = address_find_or_create(council=council, line1=address_line or postcode, town=town, postcode=postcode, uprn=uprn)
        PersonAddress.objects.create(person=person, address=address, is_correspondence=True)
    if contact.strip():
        ContactPoint.objects.create(person=person, kind=_contact_kind(contact), value=contact.strip()[:254])
    person_refresh_search_keys(person)
    audit_record(actor=actor, event=EventType.PERSON_CREATED, council=council, subject=person,
                 data={"aliases": len(aliases or []), "has_address": bool(address_line or postcode or uprn)})
    return person


@transaction.atomic
def person_update(*, actor: User, council: Organisation, person: Person, changes: dict[str, Any]) -> Person:
    require(actor, Action.PERSON_EDIT, council)
    unknown = set(changes) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"Not a person field: {sorted(unknown)}")
    changed = [f for f, v in changes.items() if getattr(person, f) != (v.strip() if isinstance(v, str) else v)]
    for field in changed:
        value = changes[field]
        setattr(person, field, value.strip() if isinstance(value, str) else value)
    if "known_to_social_care" in changed:
        checked = person.known_to_social_care != Person.SocialCare.NOT_CHECKED
        person.social_care_checked_on = timezone.localdate() if checked else None
    _check_person(person)
    person.full_clean()
    person.save()
    if {"given_names", "family_name", "date_of_birth"} & set(changed):
        person_refresh_search_keys(person)
    audit_record(actor=actor, event=EventType.PERSON_UPDATED, council=council, subject=person, data={"fields": sorted(changed)})
    return person


def _detail_added(actor: User, council: Organisation, person: Person, kind: str, detail: Any) -> None:
    audit_record(actor=actor, event=EventType.PERSON_DETAIL_ADDED, council=council, subject=person,
                 data={"kind": kind, "detail": str(detail.pk)})


def _editable(actor: User, council: Organisation, person: Person) -> None:
    require(actor, Action.PERSON_EDIT, council)
    if person.council_id != council.pk:
        raise ApplicationError("This person is recorded by another council.")
    if person.merged_into_id:
        raise ApplicationError("This record was merged into another: change that one instead.")


@transaction.atomic
def person_alias_add(*, actor: User, council: Organisation, person: Person, given_names: str, family_name: str) -> PersonAlias:
    _editable(actor, council, person)
    if not family_name.strip():
        raise ApplicationError("Enter the family name (surname) of the alias", field="family_name")
    alias = PersonAlias(person=person, given_names=given_names.strip(), family_name=family_name.strip())
    alias.full_clean()
    alias.save()
    person_refresh_search_keys(person)
    _detail_added(actor, council, person, "alias", alias)
    return alias


@transaction.atomic
def person_address_add(
    *, actor: User, council: Organisation, person: Person, line1: str, line2: str = "", town: str = "", postcode: str = "",
    uprn: str = "", from_date: date | None = None, to_date: date | None = None, is_correspondence: bool = False,
    verified_on: date | None = None,
) -> PersonAddress:
    _editable(actor, council, person)
    if not line1.strip():
        raise ApplicationError("Enter the first line of the address", field="line1")
    if postcode.strip() and not normalise_postcode(postcode):
        raise ApplicationError("Enter a real postcode, like GL50 1PQ", field="postcode")
    if from_date and to_date and to_date < from_date:
        raise ApplicationError("The date they left must be after the date they moved in", field="to_date")
    address = address_find_or_create(council=council, line1=line1, line2=line2, town=town, postcode=postcode, uprn=uprn)
    if is_correspondence:
        person.addresses.update(is_correspondence=False)
    link = PersonAddress(person=person, address=address, from_date=from_date, to_date=to_date,
                         is_correspondence=is_correspondence, verified_on=verified_on)
    link.full_clean()
    link.save()
    person_refresh_search_keys(person)
    _detail_added(actor, council, person, "address", link)
    return link


@transaction.atomic
def person_contact_point_add(*, actor: User, council: Organisation, person: Person, kind: str, value: str) -> ContactPoint:
    _editable(actor, council, person)
    if not value.strip():
        raise ApplicationError("Enter the phone number, email address or handle", field="value")
    point = ContactPoint(person=person, kind=kind, value=value.strip())
    point.full_clean()
    point.save()
    _detail_added(actor, council, person, "contact_point", point)
    return point


@transaction.atomic
def person_identifier_add(*, actor: User, council: Organisation, person: Person, system: str, value: str) -> ExternalIdentifier:
    _editable(actor, council, person)
    identifier = ExternalIdentifier(person=person, system=system.strip(), value=value.strip())
    identifier.full_clean()
    identifier.save()
    _detail_added(actor, council, person, "identifier", identifier)
    return identifier


@transaction.atomic
def person_representative_add(
    *, actor: User, council: Organisation, person: Person, name: str, relationship: str, contact: str = "",
) -> Representative:
    _editable(actor, council, person)
    representative = Representative(person=person, name=name.strip(), relationship=relationship.strip(), contact=contact.strip())
    representative.full_clean()
    representative.save()
    _detail_added(actor, council, person, "representative", representative)
    return representative


@transaction.atomic
def person_adjustment_record(
    *, actor: User, council: Organisation, person: Person, description: str, status: str, decided_on: date | None = None,
) -> ReasonableAdjustment:
    """An agreed adjustment or a pending request (domain R74): shown wherever contact or decisions are handled."""
    _editable(actor, council, person)
    if status != ReasonableAdjustment.Status.REQUESTED and decided_on is None:
        raise ApplicationError("Enter the date it was agreed or refused", field="decided_on")
    adjustment = ReasonableAdjustment(person=person, description=description.strip(), status=status, recorded_by=actor,
                                      decided_on=decided_on)
    adjustment.full_clean()
    adjustment.save()
    _detail_added(actor, council, person, "adjustment", adjustment)
    return adjustment


# Rows that belong to a person and move with a merge. Anything else pointing at Person (incidents,
# cases, register entries added by later apps) is found through the model's relations.
_OWN_DETAILS = ("aliases", "addresses", "contact_points", "external_ids", "representatives", "adjustments")


@transaction.atomic
def person_merge(*, actor: User, council: Organisation, keep: Person, merge: Person) -> Person:
    """Two records of the same customer become one: everything `merge` held moves to `keep`, its
    name becomes an alias, gaps in `keep` are filled from it, conflicts are noted; the merged
    record stays (pointing at `keep`) so nothing is lost. Both records get an audit event."""
    require(actor, Action.PERSON_MERGE, council)
    if keep.pk == merge.pk:
        raise ApplicationError("Choose two different records.", field="other")
    if keep.council_id != council.pk or merge.council_id != council.pk:
        raise ApplicationError("Both records must belong to this council.", field="other")
    if keep.merged_into_id or merge.merged_into_id:
        raise ApplicationError("One of these records has already been merged.", field="other")
    moved: dict[str, int] = {}
    for relation in Person._meta.related_objects:
        if not relation.one_to_many or relation.related_model in (PersonSearchKey, Person):
            continue
        model: Any = relation.related_model
        moved[relation.get_accessor_name() or relation.name] = model._default_manager.filter(
            **{relation.field.name: merge}
        ).update(**{relation.field.name: keep})
    for relation in Person._meta.related_objects:
        if relation.many_to_many:
            m2m_model: Any = relation.related_model
            for row in m2m_model._default_manager.filter(**{relation.field.name: merge}):
                getattr(row, relation.field.name).remove(merge)
                getattr(row, relation.field.name).add(keep)
    if (merge.given_names, merge.family_name) != (keep.given_names, keep.family_name) and not keep.aliases.filter(
        given_names=merge.given_names, family_name=merge.family_name
    ).exists():
        PersonAlias.objects.create(person=keep, given_names=merge.given_names, family_name=merge.family_name)
    notes = [keep.notes] if keep.notes else []
    if merge.date_of_birth and keep.date_of_birth and merge.date_of_birth != keep.date_of_birth:
        notes.append(f"Merged record gave the date of birth as {merge.date_of_birth:%d/%m/%Y}.")
    keep.date_of_birth = keep.date_of_birth or merge.date_of_birth
    keep.approximate_age = keep.approximate_age or merge.approximate_age
    keep.preferred_format = keep.preferred_format or merge.preferred_format
    if keep.known_to_social_care == Person.SocialCare.NOT_CHECKED:
        keep.known_to_social_care, keep.social_care_checked_on = merge.known_to_social_care, merge.social_care_checked_on
    if merge.notes:
        notes.append(f"From the merged record: {merge.notes}")
    keep.notes = "\n".join(notes)
    keep.legal_hold = keep.legal_hold or merge.legal_hold
    keep.full_clean()
    keep.save()
    merge.merged_into = keep
    merge.save(update_fields=["merged_into", "updated_at"])
    PersonSearchKey.objects.filter(person=merge).delete()
    person_refresh_search_keys(keep)
    counts = {f"moved_{name}": n for name, n in moved.items() if n}
    audit_record(actor=actor, event=EventType.PERSON_MERGED, council=council, subject=keep, data={"merged": str(merge.pk), **counts})
    audit_record(actor=actor, event=EventType.PERSON_MERGED_INTO, council=council, subject=merge, data={"kept": str(keep.pk)})
    return keep
