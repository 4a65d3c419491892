"""Disposal of a customer record: the person goes with every record merged into them and the addresses only they
used (split from test_disposal.py)."""

from datetime import date

from safecontact.access.policy import Role
from safecontact.incidents.models import Incident
from safecontact.people.models import Address, Person, PersonAddress, PersonSearchKey
from safecontact.register.tests import builders
from safecontact.retention import disposal
from safecontact.retention.disposal import Context, Outcome
from safecontact.retention.tests.helpers import closed_incident

# --- A customer record --------------------------------------------------------------------------------

def test_a_person_goes_with_every_record_merged_into_them_and_the_addresses_only_they_used(council, user_with_role):
    gazetteer = Address.objects.create(council=council, line1="1 Gazetteer Way", postcode="GL50 1AA", uprn="100120000001", from_gazetteer=True)
    shared = builders.address(council, line1="2 Shared Court")
    premises = builders.address(council, line1="3 Hazard Lane")
    incident_address = builders.address(council, line1="4 Incident Street")
    own = [builders.address(council, line1=f"{n} Own Road") for n in (5, 6, 7)]
    survivor = builders.person(council, given="Bartholomew", family="Quennell", at=own[0])
    merged = builders.person(council, given="Bart", family="Quennell", at=own[1])
    merged_earlier = builders.person(council, given="B.", family="Quennell", at=own[2])
    Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
    Person.objects.filter(pk=merged_earlier.pk).update(merged_into=merged)  # merged, then merged again
    for address in (gazetteer, shared, premises, incident_address):
        PersonAddress.objects.create(person=merged_earlier, address=address, from_date=date(2020, 1, 1))
    neighbour = builders.person(council, given="Agnes", family="Thorne", at=shared)
    builders.live_marker(council, user_with_role, premises=premises)
    reported = closed_incident(council, user_with_role(Role.STAFF), neighbour, files=0)
    Incident.objects.filter(pk=reported.pk).update(address=incident_address)
    ids = [survivor.pk, merged.pk, merged_earlier.pk]

    out = Outcome()
    disposal.dispose_person(survivor, out, Context())

    assert dict(out.counts) == {("person", "deleted"): 3}
    assert not Person.objects.filter(pk__in=ids).exists() and Person.objects.filter(pk=neighbour.pk).exists()
    assert not PersonSearchKey.objects.filter(person__in=ids).exists() and PersonSearchKey.objects.filter(person=neighbour).exists()
    assert not Address.objects.filter(pk__in=[a.pk for a in own]).exists()
    assert set(Address.objects.values_list("pk", flat=True)) == {gazetteer.pk, shared.pk, premises.pk, incident_address.pk}


def test_a_person_merged_into_nobody_goes_alone(council):
    person = builders.person(council, at=builders.address(council))
    other = builders.person(council, given="Agnes", family="Thorne")
    out = Outcome()
    disposal.dispose_person(person, out, Context())
    assert dict(out.counts) == {("person", "deleted"): 1}
    assert list(Person.objects.values_list("pk", flat=True)) == [other.pk] and not Address.objects.exists()
