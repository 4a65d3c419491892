"""The register version is kept per council (ADR 0008 as amended, issue 16): a change in one council changes
that council's token only, so another council's index is reused, not rebuilt; the changed council's index is
rebuilt and answers with the change. Runs on SQLite and PostgreSQL."""

from datetime import date

from django.db import connection

from safecontact import matching
from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation
from safecontact.checks import register_index, register_version
from safecontact.checks.matcher import find_matches
from safecontact.people.models import Person, PersonAlias, PersonSearchKey
from safecontact.register import services as register_services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

BILL = {"name": "Bill Harington", "date_of_birth": date(1971, 3, 14)}
PEGGY = {"name": "Peggy Osullivan", "date_of_birth": date(1958, 6, 2)}


def token(council: Organisation) -> str | None:
    return register_version.current(connection, council.pk)


def tiers(council: Organisation, **query: object) -> dict[object, str]:
    return {m.measure.pk: m.tier for m in find_matches(council=council, query=matching.Query(**query))}


def two_councils(council, other_council, user_with_role):  # type: ignore[no-untyped-def]
    def in_other(role, **fields):  # type: ignore[no-untyped-def]
        return user_with_role(role, for_council=other_council, **fields)

    a_person = b.person(council, at=b.address(council))
    a_marker = b.live_marker(council, user_with_role, subject=a_person)
    b_marker = b.live_marker(other_council, in_other, subject=b.person(other_council, at=b.address(other_council)))
    return a_person, a_marker, b_marker


def test_a_change_in_one_council_changes_only_that_councils_token(council, other_council, user_with_role):
    person, marker, _ = two_councils(council, other_council, user_with_role)
    changes = [
        lambda: Person.objects.filter(pk=person.pk).update(family_name="Harringdon"),
        lambda: PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington"),
        lambda: PersonAlias.objects.filter(person=person).update(family_name="Harington"),
        lambda: PersonAlias.objects.filter(person=person).delete(),
        lambda: PersonSearchKey.objects.bulk_create([PersonSearchKey(council=council, person=person, key=f"giv:x{i}") for i in range(3)]),
        lambda: Measure.objects.filter(pk=marker.pk).update(status=Measure.Status.UNDER_REVIEW),
    ]
    for change in changes:
        before, elsewhere = token(council), token(other_council)
        change()
        assert token(council) not in (None, before)
        assert token(other_council) == elsewhere


def test_another_councils_index_is_reused_and_the_changed_one_rebuilt(council, other_council, user_with_role):
    _, a_marker, b_marker = two_councils(council, other_council, user_with_role)
    assert tiers(council, **BILL) == {a_marker.pk: "strong"}
    assert tiers(other_council, **BILL) == {b_marker.pk: "strong"}
    a_index, b_index = register_index.index_for(council), register_index.index_for(other_council)

    peggy = b.live_marker(council, user_with_role, subject=b.person(council, given="Margaret", family="O'Sullivan", dob=date(1958, 6, 2)))

    assert register_index.index_for(other_council) is b_index  # not rebuilt
    assert tiers(other_council, **PEGGY) == {}
    assert tiers(council, **PEGGY) == {peggy.pk: "strong"}  # rebuilt, with the change
    assert register_index.index_for(council) is not a_index
    assert register_index.index_for(other_council) is b_index

    register_services.measure_end(actor=user_with_role(Role.DECISION_MAKER), measure=a_marker, reason="Removed at review")
    assert tiers(council, **BILL) == {}  # an ended entry is never reported after its commit
    assert register_index.index_for(other_council) is b_index


def test_moving_a_row_between_councils_changes_both(council, other_council, user_with_role):
    person, marker, _ = two_councils(council, other_council, user_with_role)
    before, elsewhere = token(council), token(other_council)
    Person.objects.filter(pk=person.pk).update(council=other_council)
    assert token(council) != before and token(other_council) != elsewhere


def test_a_row_whose_council_cannot_be_found_changes_every_councils_token(council, other_council):
    person = Person.objects.create(council=council, given_names="Liam", family_name="Harrington")
    PersonAlias.objects.create(person=person, given_names="Bill", family_name="Harrington")
    elsewhere = token(other_council)
    with connection.cursor() as cursor:  # a DBA's SQL: the person first (foreign keys are checked at commit)
        cursor.execute("DELETE FROM people_person WHERE id = %s", [Person._meta.pk.get_db_prep_value(person.pk, connection)])  # type: ignore[union-attr]
    PersonAlias.objects.filter(person_id=person.pk).delete()
    assert token(other_council) != elsewhere


def test_reinstalling_the_triggers_invalidates_every_index(council):
    """Changes made while a trigger was missing were not counted."""
    before = token(council)
    register_version.install(connection)
    assert token(council) != before


def test_a_check_never_waits_for_another_threads_build(council, other_council, user_with_role):
    _, a_marker, _ = two_councils(council, other_council, user_with_role)
    key = (connection.settings_dict["NAME"], council.pk)
    register_index._indexes.pop(key, None)
    building = register_index._building.setdefault(key, register_index.threading.Lock())
    with building:  # another thread of this worker is building the council's index
        assert register_index.index_for(council) is None
        assert tiers(council, **BILL) == {a_marker.pk: "strong"}  # the database answers meanwhile
        assert register_index.index_for(other_council) is not None  # other councils are not held up
    assert register_index.index_for(council) is not None
