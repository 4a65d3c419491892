"""The matcher's value-only candidate loading gives the scorer what the model-based path gives it."""

from datetime import date

from safecontact import matching
from safecontact.checks.matcher import find_matches
from safecontact.people.matching_records import candidate_for, candidates_from_values, people_with_match_data
from safecontact.people.models import PersonAddress
from safecontact.register.tests import builders as b


def test_candidates_from_values_equal_candidate_for(council):
    home = b.address(council, line1="Flat 2", postcode="GL50 1PQ", uprn="100120001234")
    person = b.person(council, given="William", family="Harrington", at=home, aliases=[("Bill", "Harington"), ("", "Smith")])
    PersonAddress.objects.create(person=person, address=b.address(council, line1="3 Old Road", postcode="GL51 2AB"), to_date=date(2019, 1, 1))
    loaded = candidates_from_values({person.pk: (person.given_names, person.family_name, person.date_of_birth)})
    expected = candidate_for(people_with_match_data([person.pk]).get())
    assert len(loaded) == 1
    (got,) = loaded
    assert (got.person_id, got.given_names, got.family_name, got.date_of_birth) == (
        expected.person_id, expected.given_names, expected.family_name, expected.date_of_birth)
    assert sorted(got.aliases) == sorted(expected.aliases)
    assert sorted(got.postcodes) == sorted(expected.postcodes)
    assert sorted(got.address_lines) == sorted(expected.address_lines)
    assert sorted(got.uprns) == sorted(expected.uprns)


def test_candidates_from_values_of_nobody_makes_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert candidates_from_values({}) == []


def test_one_query_finds_a_person_and_the_premises_at_their_postcode(council, user_with_role, django_assert_max_num_queries):
    home = b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    flagged = b.person(council, at=home)
    on_person = b.live_marker(council, user_with_role, subject=flagged)
    on_premises = b.live_marker(council, user_with_role, premises=home)
    query = matching.Query(name="Bill Harington", date_of_birth=date(1971, 3, 14), postcode="gl501pq", address="12 Mill Lane")
    # the register version, the live register's index (keys + people, aliases and addresses, premises), the measures
    with django_assert_max_num_queries(5):
        find_matches(council=council, query=query)
    with django_assert_max_num_queries(2):  # the index is current: the version, then the measures
        matches = find_matches(council=council, query=query)
    tiers = {m.measure.pk: m.tier for m in matches}
    assert tiers == {on_person.pk: "strong", on_premises.pk: "strong"}
    assert matches[0].measure == on_premises  # premises first, as before


def test_a_merged_person_is_not_a_candidate(council, user_with_role):
    keep = b.person(council, given="Anna", family="Nowak", dob=date(1990, 1, 2))
    merged = b.person(council, given="William", family="Harrington")
    b.live_marker(council, user_with_role, subject=merged)
    merged.merged_into = keep
    merged.save(update_fields=["merged_into"])
    assert find_matches(council=council, query=matching.Query(name="William Harrington", date_of_birth=date(1971, 3, 14))) == []
