"""The bridge between people in the database and the pure `matching` package: build the scorer's
Candidate from a Person, and keep each person's precomputed search keys current."""

from collections.abc import Iterable
from datetime import date

from django.db.models import CharField, Value

from safecontact import matching
from safecontact.people.models import Person, PersonAddress, PersonAlias, PersonSearchKey


def candidate_for(person: Person) -> matching.Candidate:
    """Uses prefetched aliases and addresses when present (see people_with_match_data)."""
    addresses = [pa.address for pa in person.addresses.all()]
    return matching.Candidate(
        person_id=person.pk,
        given_names=person.given_names,
        family_name=person.family_name,
        aliases=[(a.given_names, a.family_name) for a in person.aliases.all()],
        date_of_birth=person.date_of_birth,
        postcodes=[a.postcode for a in addresses if a.postcode],
        address_lines=[", ".join(p for p in (a.line1, a.line2, a.town) if p) for a in addresses],
        uprns=[a.uprn for a in addresses if a.uprn],
    )


def refresh_search_keys(person: Person) -> None:
    """Recompute a person's keys; call after any change to names, aliases, DOB or addresses."""
    keys = set() if person.merged_into_id else matching.candidate_keys(candidate_for(person))
    existing = set(person.search_keys.values_list("key", flat=True))
    PersonSearchKey.objects.filter(person=person, key__in=existing - keys).delete()
    PersonSearchKey.objects.bulk_create(
        [PersonSearchKey(council_id=person.council_id, person=person, key=k[:80]) for k in keys - existing]
    )


def people_with_match_data(ids: Iterable[object]):  # type: ignore[no-untyped-def]
    return Person.objects.filter(pk__in=list(ids), merged_into__isnull=True).prefetch_related("aliases", "addresses__address")


def candidates_from_values(people: dict[object, tuple[str, str, date | None]]) -> list[matching.Candidate]:
    """The scorer's Candidates for people whose (given names, family name, date of birth) are already loaded,
    with their aliases and addresses in one query of values: the same data as `candidate_for`, without
    building model instances (a check scores dozens of candidates)."""
    if not people:
        return []
    ids = list(people)
    candidates = {pk: matching.Candidate(person_id=pk, given_names=given, family_name=family, aliases=[], date_of_birth=dob)
                  for pk, (given, family, dob) in people.items()}
    # Aliases and addresses in one round trip: (person, kind, given/line1, family/line2, town, postcode, uprn).
    blank = Value("", output_field=CharField())
    aliases = PersonAlias.objects.filter(person_id__in=ids).order_by().values_list(
        "person_id", Value("alias", output_field=CharField()), "given_names", "family_name", blank, blank, blank)
    addresses = PersonAddress.objects.filter(person_id__in=ids).order_by().values_list(
        "person_id", Value("address", output_field=CharField()), "address__line1", "address__line2", "address__town",
        "address__postcode", "address__uprn")
    for person_id, kind, a, b, town, postcode, uprn in aliases.union(addresses, all=True):
        candidate = candidates[person_id]
        if kind == "alias":
            candidate.aliases.append((a, b))
            continue
        if postcode:
            candidate.postcodes.append(postcode)
        candidate.address_lines.append(", ".join(p for p in (a, b, town) if p))
        if uprn:
            candidate.uprns.append(uprn)
    return list(candidates.values())
