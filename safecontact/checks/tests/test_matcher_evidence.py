"""Issue 15 through the matcher, on both databases: phone and email as supporting evidence, the namesake rule R99,
and the stored keys rebuilt after a key change."""

from datetime import date

from safecontact import matching
from safecontact.checks.matcher import find_matches
from safecontact.people.models import ContactPoint, Person, PersonAddress, PersonAlias, PersonSearchKey
from safecontact.people.search_keys_rebuild import rebuild_search_keys
from safecontact.register.tests import builders as b


def _tiers(council, **query):
    return [m.tier for m in find_matches(council=council, query=matching.Query(**query))]


def test_the_same_phone_or_email_confirms_the_name_and_a_different_one_proves_nothing(council, user_with_role):
    flagged = b.person(council, given="William", family="Harrington", dob=date(1971, 3, 14))
    b.live_marker(council, user_with_role, subject=flagged)
    ContactPoint.objects.create(person=flagged, kind=ContactPoint.Kind.PHONE, value="01242 123456")
    ContactPoint.objects.create(person=flagged, kind=ContactPoint.Kind.EMAIL, value="Bill.H@Example.org")
    assert _tiers(council, name="William Harrington") == ["weak"]
    assert _tiers(council, name="William Harrington", phone="+44 (0)1242 123456") == ["strong"]
    assert _tiers(council, name="Bill Harrington", email=" bill.h@example.org ") == ["strong"]
    assert _tiers(council, name="William Harrington", phone="01242 999999") == ["weak"]
    # a clearly different date of birth: no entry (R99), unless the same phone says it is the household
    assert _tiers(council, name="William Harrington", date_of_birth=date(1950, 8, 2)) == []
    assert _tiers(council, name="William Harrington", date_of_birth=date(1950, 8, 2), phone="01242123456") == ["weak"]


def test_a_namesake_at_the_same_address_stays_a_possible_match(council, user_with_role):
    home = b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    flagged = b.person(council, given="John", family="Smith", dob=date(1980, 4, 4), at=home)
    b.live_marker(council, user_with_role, subject=flagged)
    assert _tiers(council, name="John Smith", date_of_birth=date(1950, 1, 1)) == []
    assert _tiers(council, name="John Smith", date_of_birth=date(1950, 1, 1), postcode="GL50 1PQ") == []  # a postcode is not an address
    assert _tiers(council, name="John Smith", date_of_birth=date(1950, 1, 1), uprn="100120001234") == ["weak"]
    assert _tiers(council, name="John Smith", date_of_birth=date(1950, 4, 4), address="12 Mill Lane", postcode="GL50 1PQ") == ["weak"]


def test_a_new_variant_family_finds_the_person(council, user_with_role):
    b.live_marker(council, user_with_role, subject=b.person(council, given="Małgorzata", family="Phillips", dob=date(1985, 3, 2)))
    assert _tiers(council, name="Gosia Fillips", date_of_birth=date(1985, 3, 2)) == ["strong"]
    assert _tiers(council, name="Malgorzata Phillips", date_of_birth=date(1985, 3, 20)) == ["weak"]  # transposed digits


def test_rebuilding_the_keys_writes_only_what_changed(council):
    person = b.person(council, given="Anne", family="Christie", dob=date(1980, 5, 14))
    PersonSearchKey.objects.filter(person=person, key__startswith="fny:").delete()  # as stored before issue 15
    PersonSearchKey.objects.create(council=council, person=person, key="fam:STALE")
    changed, added, removed = rebuild_search_keys(Person, PersonSearchKey, PersonAlias, PersonAddress)
    assert (changed, removed) == (1, 1) and added >= 1
    assert "fny:CRASTY" in set(person.search_keys.values_list("key", flat=True))
    assert rebuild_search_keys(Person, PersonSearchKey, PersonAlias, PersonAddress) == (0, 0, 0)
    assert _kristie_is_a_candidate(council, person)


def _kristie_is_a_candidate(council, person):
    keys = matching.keys_for_query(matching.Query(name="Anne Kristie"))
    return PersonSearchKey.objects.filter(person=person, key__in=keys, key__startswith="fny:").exists()
