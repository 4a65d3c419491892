from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.people import selectors, services
from safecontact.people.models import Person, PersonSearchKey


@pytest.fixture
def officer(user_with_role):
    return user_with_role(Role.REGISTER_OFFICER)


def make(officer, council, **fields):
    base = {"given_names": "Siân", "family_name": "O'Brien-Ní Dhónaill", "date_of_birth": date(1980, 3, 31),
            "address_line": "12 High Street", "postcode": "gl50 1pq"}
    base.update(fields)
    return services.person_create(actor=officer, council=council, **base)


def test_person_is_created_exactly_as_typed_with_search_keys_and_audit(officer, council):
    person = make(officer, council)
    person.refresh_from_db()
    assert (person.given_names, person.family_name) == ("Siân", "O'Brien-Ní Dhónaill")
    assert person.addresses.get().address.postcode == "GL50 1PQ"
    assert PersonSearchKey.objects.filter(person=person, key__startswith="dob:").exists()
    event = AuditEvent.objects.get(event_type="person.created", subject_id=str(person.pk))
    assert "Siân" not in str(event.data)


def test_likely_matches_find_a_spelling_variant_with_reasons(officer, council):
    person = make(officer, council, given_names="Łukasz", family_name="Żółć", address_line="", postcode="")
    matches = selectors.likely_matches_for(council=council, given_names="Lukasz", family_name="Zolc", date_of_birth=date(1980, 3, 31))
    assert matches and matches[0][0] == person
    assert matches[0][1].tier == "strong" and matches[0][1].reasons


def test_likely_matches_ignore_other_councils(officer, council, other_council, user_with_role):
    other_officer = user_with_role(Role.REGISTER_OFFICER, for_council=other_council)
    make(other_officer, other_council)
    assert selectors.likely_matches_for(council=council, given_names="Siân", family_name="O'Brien-Ní Dhónaill",
                                        date_of_birth=date(1980, 3, 31)) == []


def test_changing_the_name_refreshes_the_search_keys(officer, council):
    person = make(officer, council)
    services.person_update(actor=officer, council=council, person=person, changes={"family_name": "Hughes"})
    assert selectors.likely_matches_for(council=council, given_names="Siân", family_name="Hughes", date_of_birth=date(1980, 3, 31))
    assert AuditEvent.objects.filter(event_type="person.updated", subject_id=str(person.pk)).get().data["fields"] == ["family_name"]


def test_adjustment_needs_a_date_once_decided(officer, council):
    person = make(officer, council)
    with pytest.raises(ApplicationError):
        services.person_adjustment_record(actor=officer, council=council, person=person, description="Phone calls", status="agreed")
    services.person_adjustment_record(actor=officer, council=council, person=person, description="Phone calls", status="requested")
    assert selectors.adjustments_for(person=person).count() == 1


def test_merge_moves_everything_keeps_the_name_as_alias_and_audits_both(officer, council, user_with_role):
    from safecontact.incidents.services import incident_link_person
    from safecontact.incidents.tests.factories import submitted_incident

    keep = make(officer, council)
    merge = make(officer, council, given_names="Sian", family_name="O'Brien", date_of_birth=date(1980, 3, 30),
                 address_line="4 Low Road", postcode="GL51 2AB", contact="07700 900123")
    services.person_adjustment_record(actor=officer, council=council, person=merge, description="Large print", status="requested")
    incident = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    incident_link_person(actor=officer, council=council, incident=incident, person=merge)
    services.person_merge(actor=officer, council=council, keep=keep, merge=merge)
    merge.refresh_from_db()
    keep.refresh_from_db()
    assert merge.merged_into == keep
    assert keep.addresses.count() == 2 and keep.contact_points.count() == 1 and keep.adjustments.count() == 1
    assert keep.aliases.filter(given_names="Sian", family_name="O'Brien").exists()
    assert keep.incidents.get() == incident
    assert "30/03/1980" in keep.notes
    assert AuditEvent.objects.filter(event_type="person.merged", subject_id=str(keep.pk)).exists()
    assert AuditEvent.objects.filter(event_type="person.merged_into", subject_id=str(merge.pk)).exists()
    assert merge not in selectors.person_list_for(actor=officer, council=council)


def test_a_person_of_another_council_is_not_found(officer, council, other_council, user_with_role):
    other = Person.objects.create(council=other_council, family_name="Jones")
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.person_get_for(actor=officer, council=council, id=other.pk)


def test_staff_cannot_create_people(user_with_role, council):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.person_create(actor=user_with_role(Role.STAFF), council=council, given_names="A", family_name="B")
