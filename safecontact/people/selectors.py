"""Reads about customers. Register officers, register managers, decision-makers and the DPO see
the council's people (the matrix); another council's people are 404. Searches leave out records
merged into another."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.matching import Candidate, MatchResult, Query, query_keys, score
from safecontact.people.addresses import distinct_addresses
from safecontact.people.models import Address, Person, PersonAddress, PersonSearchKey, ReasonableAdjustment

MAX_CANDIDATES = 200


def person_list_for(*, actor: User, council: Organisation, name: str = "") -> QuerySet[Person]:
    if not can(actor, Action.PERSON_VIEW, council):
        return Person.objects.none()
    qs = Person.objects.filter(council=council, merged_into__isnull=True)
    name = name.strip()
    if name:
        keyed = PersonSearchKey.objects.filter(council=council, key__in=query_keys(name=name)).values("person_id")
        words = name.split()
        text = Q()
        for word in words:
            text &= Q(given_names__icontains=word) | Q(family_name__icontains=word) | Q(aliases__family_name__icontains=word)
        qs = qs.filter(Q(pk__in=keyed) | text).distinct()
    return qs.order_by("family_name", "given_names")


def person_get_for(*, actor: User, council: Organisation, id: Any) -> Person:
    """One person of the actor's council, merged ones included (old links show where they went)."""
    if not can(actor, Action.PERSON_VIEW, council):
        raise Http404
    try:
        return (
            Person.objects.filter(council=council)
            .select_related("merged_into")
            .prefetch_related(
                "aliases", "contact_points", "external_ids", "representatives", "adjustments",
                Prefetch("addresses", queryset=PersonAddress.objects.select_related("address")),
            )
            .get(pk=id)
        )
    except (Person.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def address_for_uprn(*, council: Organisation, uprn: str) -> Address | None:
    """The council's own address with this (normalised) UPRN. Another council's row for the same property is
    never returned: councils share no addresses (its text, and that it holds the property at all, are its own)."""
    return Address.objects.filter(council=council, uprn=uprn).first() if uprn else None


def adjustments_for(*, person: Person) -> QuerySet[ReasonableAdjustment]:
    """Agreed adjustments and pending requests: shown prominently wherever contact or decisions are handled."""
    return person.adjustments.exclude(status=ReasonableAdjustment.Status.REFUSED).order_by("status", "-created_at")


def candidate_for(person: Person) -> Candidate:
    addresses = distinct_addresses(pa.address for pa in person.addresses.all())  # a typed copy of one property counts once
    return Candidate(
        person_id=person.pk, given_names=person.given_names, family_name=person.family_name,
        aliases=[(a.given_names, a.family_name) for a in person.aliases.all()], date_of_birth=person.date_of_birth,
        approx_birth_year=(date.today().year - person.approximate_age) if person.approximate_age else None,
        postcodes=[a.postcode for a in addresses if a.postcode], address_lines=[str(a) for a in addresses],
        uprns=[a.uprn for a in addresses if a.uprn],
    )


def likely_matches_for(
    *, council: Organisation, given_names: str, family_name: str, date_of_birth: date | None = None, postcode: str = "",
    address: str = "", exclude_id: Any = None,
) -> list[tuple[Person, MatchResult]]:
    """Existing people who may be the one named (strong first), with the matcher's reasons.
    The one place that adapts `matching` to the database: keys find candidates, `score` decides."""
    keys = query_keys(None, date_of_birth, postcode or None, given=given_names, family=family_name, address=address or None)
    if not keys:
        return []
    ids = PersonSearchKey.objects.filter(council=council, key__in=keys).values_list("person_id", flat=True).distinct()
    people = (
        Person.objects.filter(pk__in=list(ids[:MAX_CANDIDATES]), council=council, merged_into__isnull=True)
        .exclude(pk=exclude_id)
        .prefetch_related("aliases", Prefetch("addresses", queryset=PersonAddress.objects.select_related("address")))
    )
    query = Query(given=given_names, family=family_name, date_of_birth=date_of_birth, postcode=postcode or None, address=address or None)
    results = [(person, score(query, candidate_for(person))) for person in people]
    matches = [(p, r) for p, r in results if r.tier != "none"]
    return sorted(matches, key=lambda pr: (pr[1].tier != "strong", -pr[1].score, pr[0].family_name))
