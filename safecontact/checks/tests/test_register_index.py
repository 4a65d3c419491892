"""The worker's index of the live register (ADR 0008): the database's triggers change the register version on
every write a check's candidates depend on, so a check never answers from a stale index; and the index gives
the scorer exactly the candidates the direct query gives it. Runs on SQLite and PostgreSQL."""

from datetime import date

import pytest
from django.db import connection, transaction
from django.test import override_settings

from safecontact import matching
from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation
from safecontact.checks import register_index, register_version
from safecontact.checks.apps import _reinstall_register_version_triggers
from safecontact.checks.matcher import _candidates, find_matches
from safecontact.people import services as people_services
from safecontact.people.matching_records import refresh_search_keys
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias, PersonSearchKey
from safecontact.register import services as register_services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b


def token(council: Organisation) -> str | None:
    return register_version.current(connection, council.pk)


def tiers(council: Organisation, **query: object) -> dict[object, str]:
    return {m.measure.pk: m.tier for m in find_matches(council=council, query=matching.Query(**query))}


BILL = {"name": "Bill Harington", "date_of_birth": date(1971, 3, 14)}


def test_every_trigger_is_installed_after_migrating(council):
    assert token(council) is not None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'sc_regc_%' AND NOT tgisinternal")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sc_regc_%'")
        assert cursor.fetchone()[0] == register_version.expected_trigger_count(connection.vendor)


def test_writes_that_change_a_checks_candidates_change_the_token(council, user_with_role):
    home = b.address(council)
    person = b.person(council, at=home)
    marker = b.live_marker(council, user_with_role, subject=person)
    other = b.person(council, given="Anna", family="Nowak", dob=date(1990, 1, 2))
    changes = [
        lambda: Person.objects.filter(pk=person.pk).update(family_name="Harringdon"),
        lambda: Person.objects.filter(pk=person.pk).update(date_of_birth=date(1971, 4, 14)),
        lambda: PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington"),
        lambda: PersonAlias.objects.filter(person=person).delete(),
        lambda: PersonAddress.objects.create(person=person, address=b.address(council, line1="1 New Street", postcode="GL51 9ZZ")),
        lambda: Address.objects.filter(pk=home.pk).update(postcode="GL50 1PR"),
        lambda: PersonSearchKey.objects.create(council=council, person=person, key="fam:XYZ"),
        lambda: PersonSearchKey.objects.filter(person=person, key="fam:XYZ").delete(),
        lambda: Measure.objects.filter(pk=marker.pk).update(status=Measure.Status.UNDER_REVIEW),
        lambda: Measure.objects.filter(pk=marker.pk).update(person=other),
        lambda: PersonSearchKey.objects.bulk_create([PersonSearchKey(council=council, person=person, key=f"giv:x{i}") for i in range(3)]),
    ]
    for change in changes:
        before = token(council)
        change()
        assert token(council) not in (None, before)


def test_writes_a_check_does_not_depend_on_leave_the_token(council, user_with_role):
    person = b.person(council, at=b.address(council))
    marker = b.live_marker(council, user_with_role, subject=person)
    before = token(council)
    Measure.objects.filter(pk=marker.pk).update(advice="Ring the office first.")
    Person.objects.filter(pk=person.pk).update(known_to_social_care=Person.SocialCare.NO)
    Person.objects.create(council=council, family_name="Newcomer")  # not a candidate until a measure names them
    Address.objects.create(council=council, line1="99 Gazetteer Road", postcode="GL50 9AA")
    b.person(council, given="Anna", family="Nowak")  # her keys fire, but only when written
    assert token(council) != before  # ...which they are: a new person's search keys
    settled = token(council)
    Measure.objects.filter(pk=marker.pk).update(advice="Ring first.")
    assert token(council) == settled


def test_a_check_sees_each_kind_of_change_at_once(council, user_with_role):
    """Build the index, change the register, check again: never the old answer."""
    person = b.person(council, at=b.address(council))
    marker = b.live_marker(council, user_with_role, subject=person)
    assert tiers(council, **BILL) == {marker.pk: "strong"}

    # A new live measure on somebody else.
    other = b.person(council, given="Margaret", family="O'Sullivan", dob=date(1958, 6, 2))
    peggy = {"name": "Peggy Osullivan", "date_of_birth": date(1958, 6, 2)}
    assert tiers(council, **peggy) == {}
    other_marker = b.live_marker(council, user_with_role, subject=other)
    assert tiers(council, **peggy) == {other_marker.pk: "strong"}

    # A new alias is found by its own name.
    assert tiers(council, name="Jack Smith", date_of_birth=date(1971, 3, 14)) == {}
    PersonAlias.objects.create(person=person, given_names="Jack", family_name="Smith")
    refresh_search_keys(person)
    assert tiers(council, name="Jack Smith", date_of_birth=date(1971, 3, 14)) == {marker.pk: "strong"}

    # A rename through the service.
    people_services.person_update(actor=user_with_role(Role.REGISTER_OFFICER), council=council, person=person, changes={"family_name": "Whitcombe"})
    assert tiers(council, name="William Whitcombe", date_of_birth=date(1971, 3, 14)) == {marker.pk: "strong"}

    # Ending the measure.
    register_services.measure_end(actor=user_with_role(Role.DECISION_MAKER), measure=marker, reason="Removed at review")
    assert tiers(council, name="William Whitcombe", date_of_birth=date(1971, 3, 14)) == {}


def test_the_index_and_the_direct_query_give_the_same_candidates(council, user_with_role):
    home = b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    people = [
        b.person(council, at=home),
        b.person(council, given="Bill", family="Harington", dob=date(1971, 3, 15), at=home),
        b.person(council, given="Willem", family="Harrington", dob=None),
        b.person(council, given="Margaret", family="O'Sullivan", dob=date(1958, 6, 2), aliases=[("Peggy", "Sullivan")]),
        b.person(council, given="Siân", family="Llewellyn-Jones", dob=date(1990, 2, 1)),
    ]
    for p in people:
        b.live_marker(council, user_with_role, subject=p)
    b.person(council, given="William", family="Harrington", dob=date(1980, 1, 1))  # not on the register
    queries = [
        matching.Query(**BILL), matching.Query(name="W Harrington", postcode="GL50 1PQ"),
        matching.Query(name="Harrington, Willem", date_of_birth=date(1971, 3, 14)),
        matching.Query(name="Peggy Sullivan", date_of_birth=date(1958, 2, 6)),
        matching.Query(name="Sian Jones", date_of_birth=date(1990, 2, 1)), matching.Query(name="Nobody Known", postcode="GL1 1AA"),
    ]
    for query in queries:
        with override_settings(SAFECONTACT_CHECK_INDEX=True):
            via_index = [(c.person_id, sorted(c.aliases), sorted(c.postcodes)) for c in _candidates(council, query, register_index.index_for(council))]
        with override_settings(SAFECONTACT_CHECK_INDEX=False):
            direct = [(c.person_id, sorted(c.aliases), sorted(c.postcodes)) for c in _candidates(council, query, None)]
        assert sorted(via_index, key=str) == sorted(direct, key=str), query


def test_a_warm_check_makes_two_queries(council, user_with_role, django_assert_num_queries):
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    tiers(council, **BILL)  # builds the index
    with django_assert_num_queries(2):  # the register version, then the measures
        assert tiers(council, **BILL) == {marker.pk: "strong"}


def test_an_index_is_never_used_for_another_council(council, other_council, user_with_role):
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    assert tiers(other_council, **BILL) == {}


def test_a_missing_trigger_means_no_index(council, user_with_role):
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER sc_regc_people_personalias_ins ON people_personalias")
        else:
            cursor.execute("DROP TRIGGER sc_regc_people_personalias_ins")
    try:
        assert token(council) is None
        assert register_index.index_for(council) is None
        assert tiers(council, **BILL) == {marker.pk: "strong"}  # the direct query answers instead
        _reinstall_register_version_triggers(sender=None, using=connection.alias)
        assert token(council) is not None
    finally:
        register_version.install(connection)


def test_a_rolled_back_change_leaves_a_token_that_never_comes_back(council, user_with_role):
    person = b.person(council, at=b.address(council))
    b.live_marker(council, user_with_role, subject=person)
    before = token(council)
    with transaction.atomic():
        PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington")
        rolled_back = token(council)
        transaction.set_rollback(True)
    assert token(council) == before
    PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington")
    assert token(council) not in (before, rolled_back)


@pytest.mark.parametrize("enabled", [True, False])
def test_the_setting_switches_the_index_off(council, user_with_role, enabled):
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    with override_settings(SAFECONTACT_CHECK_INDEX=enabled):
        assert (register_index.index_for(council) is not None) is enabled
        assert tiers(council, **BILL) == {marker.pk: "strong"}


def test_a_new_hazard_on_premises_is_found_at_once(council, user_with_role, django_assert_num_queries):
    home = b.address(council, line1="4 Kennel Row", postcode="GL52 3AA", uprn="100120009999")
    query = {"name": "Nobody Known", "postcode": "GL52 3AA", "address": "4 Kennel Row"}
    b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    assert tiers(council, **query) == {}
    with django_assert_num_queries(1):  # the register version: the index knows no hazard is at that postcode
        assert tiers(council, **query) == {}
    dog = b.live_marker(council, user_with_role, premises=home)
    assert tiers(council, **query) == {dog.pk: "strong"}
    assert tiers(council, name="Nobody Known", uprn="100120009999", date_of_birth=date(1980, 1, 1)) == {dog.pk: "strong"}


def test_a_sharded_map_copies_only_the_shards_a_change_touches():
    """The index's key map (issue 16): a patch must not copy 270,000 keys to change a few."""
    from safecontact.checks.sharded_map import ShardedMap

    base = ShardedMap({f"k{i}": (i,) for i in range(5000)})
    changed = base.with_changes({"k1": None, "k2": (2, 99), "new": (7,)})
    assert dict(base.items()) == {f"k{i}": (i,) for i in range(5000)}  # the original is untouched
    assert "k1" not in changed and changed["k2"] == (2, 99) and changed.get("new") == (7,) and changed.get("k1", ()) == ()
    assert len(changed) == 5000
    shared = sum(a is b for a, b in zip(base._shards, changed._shards, strict=True))
    assert shared >= ShardedMap.SHARDS - 3
