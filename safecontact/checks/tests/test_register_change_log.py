"""The register's change log and the index's delta path (issue 16, ADR 0008 amended): the triggers name the
people each change touched, a worker patches its index from them instead of rebuilding it, and the patched
index is the index a fresh build would give. ADR 0008's safety tests, for the delta path: an ended entry is never
reported after its commit, a new entry is found by the next check, a rolled-back change is never trusted.
Runs on SQLite and PostgreSQL."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from safecontact import matching
from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation
from safecontact.checks import key_splits, register_index, register_version
from safecontact.checks.matcher import find_matches
from safecontact.checks.models import RegisterChange
from safecontact.people.matching_records import refresh_search_keys
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias, PersonSearchKey
from safecontact.register import services as register_services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

BILL = {"name": "Bill Harington", "date_of_birth": date(1971, 3, 14)}
PEGGY = {"name": "Peggy Osullivan", "date_of_birth": date(1958, 6, 2)}


def tiers(council: Organisation, **query: object) -> dict[object, str]:
    return {m.measure.pk: m.tier for m in find_matches(council=council, query=matching.Query(**query))}


def position(council: Organisation) -> int:
    version = register_version.read(connection, council.pk)
    assert version is not None
    return version.position


def kept_splits_are_current(index: register_index.LiveRegisterIndex) -> None:
    """Every split a patched index kept equals the split its own rows would make now: a kept split is never stale."""
    holders = index.people_by_key
    for key, births in index.split_keys.items():
        fresh = key_splits.births_of(holders[key], index.people)
        assert (births.by_year, births.by_day, sorted(births.undated, key=str)) == (fresh.by_year, fresh.by_day, sorted(fresh.undated, key=str)), key
    for key, groups in index.surname_groups.items():
        assert groups == key_splits.by_surname(holders[key], index.people), key
    for key, names in index.name_groups.items():
        fresh_names = key_splits.by_name(holders[key], index.candidates)
        assert (names.by_given, names.by_family, names.by_form, names.unnamed) == (
            fresh_names.by_given, fresh_names.by_family, fresh_names.by_form, fresh_names.unnamed), key


@pytest.fixture
def builds(monkeypatch):  # type: ignore[no-untyped-def]
    """Counts whole rebuilds, so a test can tell the delta path from a rebuild."""
    calls: list[object] = []
    real = register_index.build

    def counting(council, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(council.pk)
        return real(council, *args, **kwargs)

    monkeypatch.setattr(register_index, "build", counting)
    return calls


def shape(index: register_index.LiveRegisterIndex) -> tuple[object, ...]:
    """What an index answers, order aside: a patched index and a fresh build must agree on all of it."""
    return (
        {key: sorted(people, key=str) for key, people in index.people_by_key.items()},
        index.people,
        {pk: (c.given_names, c.family_name, c.date_of_birth, sorted(c.aliases), sorted(c.postcodes), sorted(c.uprns),
              sorted(c.address_lines)) for pk, c in index.candidates.items()},
        index.premises_places,
        {pk: sorted(keys) for pk, keys in index.keys_of.items()},
    )


def test_a_change_logs_the_people_it_touched_with_the_new_token(council, user_with_role):
    person = b.person(council, at=b.address(council))
    b.live_marker(council, user_with_role, subject=person)
    before = position(council)
    PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington")
    version = register_version.read(connection, council.pk)
    assert version is not None and version.position > before
    newest = RegisterChange.objects.get(pk=version.position)
    assert (newest.council_id, newest.person_id, newest.premises, newest.token) == (council.pk, person.pk, False, version.council_token)


def test_an_address_change_names_everyone_living_there_and_the_premises(council, user_with_role):
    home = b.address(council)
    one, two = b.person(council, at=home), b.person(council, given="Anna", family="Nowak", at=home)
    before = position(council)
    Address.objects.filter(pk=home.pk).update(postcode="GL50 1PR")
    rows = RegisterChange.objects.filter(council=council, id__gt=before)
    assert {r.person_id for r in rows} == {one.pk, two.pk}
    assert all(r.premises for r in rows)


def test_a_change_is_applied_as_a_delta_not_a_rebuild(council, user_with_role, builds):
    person = b.person(council, at=b.address(council))
    marker = b.live_marker(council, user_with_role, subject=person)
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    first = register_index.index_for(council)
    assert len(builds) == 1

    peggy = b.live_marker(council, user_with_role, subject=b.person(council, given="Margaret", family="O'Sullivan", dob=date(1958, 6, 2)))
    assert tiers(council, **PEGGY) == {peggy.pk: "strong"}  # a new entry is found by the next check
    patched = register_index.index_for(council)
    assert patched is not first and patched is not None and patched.position > first.position  # type: ignore[union-attr]
    assert len(builds) == 1  # patched, not rebuilt
    assert marker.person_id not in first.people or first.people[marker.person_id] == patched.people[marker.person_id]  # type: ignore[union-attr]
    assert peggy.person_id not in first.people  # type: ignore[union-attr]  # the old index was copied, not changed

    register_services.measure_end(actor=user_with_role(Role.DECISION_MAKER), measure=marker, reason="Removed at review")
    assert tiers(council, **BILL) == {}  # an ended entry is never reported after its commit
    assert len(builds) == 1


def test_a_key_split_by_date_of_birth_is_split_again_when_a_holder_changes(council, user_with_role, builds, monkeypatch):
    """hits_near's splits (issue 16) are kept by a patched index only for keys no changed person holds."""
    monkeypatch.setattr(register_index, "SPLIT_KEYS_FROM", 0)
    bill = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    other = b.live_marker(council, user_with_role, subject=b.person(council, given="William", family="Harrington", dob=date(1950, 1, 1)))
    assert tiers(council, **BILL) == {bill.pk: "strong"}  # the surname's split is made: 1950-01-01 is far from 1971-03-14
    assert register_index.index_for(council).split_keys  # type: ignore[union-attr]
    Person.objects.filter(pk=other.person_id).update(date_of_birth=date(1971, 3, 14))
    assert tiers(council, **BILL) == {bill.pk: "strong", other.pk: "strong"}
    assert len(builds) == 1  # patched, and the patched copy split the surname again


def test_a_patched_index_keeps_the_splits_a_change_did_not_touch(council, user_with_role, builds, monkeypatch):
    """A new date of birth keeps the name splits of the person's keys, and the words screened against them (issue 16:
    under one change a second, the checks after each change paid for them again); a new name makes them again."""
    monkeypatch.setattr(register_index, "SPLIT_KEYS_FROM", 0)
    bill = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    other = b.live_marker(council, user_with_role, subject=b.person(council, given="Wilma", family="Harrington", dob=date(1950, 1, 1)))
    first = register_index.index_for(council)
    assert first is not None and first.split_widely_held() > 0
    assert tiers(council, name="Bill Harington") == {bill.pk: "weak"}  # by name alone: the words are screened and kept
    surname = next(key for key in first.keys_of[other.person_id] if key.startswith("fam:") and key in first.name_groups)
    names = first.name_groups[surname]
    assert names.passing
    Person.objects.filter(pk=other.person_id).update(date_of_birth=date(1971, 3, 14))
    assert tiers(council, **BILL) == {bill.pk: "strong"}  # Wilma is not Bill, whatever her date of birth
    dated = register_index.index_for(council)
    assert dated is not None and dated.name_groups[surname] is names  # kept, words and all
    kept_splits_are_current(dated)  # and her keys' births made again (the check above split them on first use)
    Person.objects.filter(pk=other.person_id).update(given_names="William")
    assert tiers(council, **BILL)[other.pk] == "strong"
    renamed = register_index.index_for(council)
    assert renamed is not None and renamed.name_groups.get(surname) is not names
    kept_splits_are_current(renamed)
    assert len(builds) == 1  # patched each time


def test_a_rolled_back_change_is_never_trusted_by_the_delta_path(council, user_with_role, builds):
    person = b.person(council, at=b.address(council))
    marker = b.live_marker(council, user_with_role, subject=person)
    peggy = b.person(council, given="Margaret", family="O'Sullivan", dob=date(1958, 6, 2))
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    with transaction.atomic():
        b.live_marker(council, user_with_role, subject=peggy)
        assert tiers(council, **PEGGY) != {}  # the index now holds a change that is about to roll back
        transaction.set_rollback(True)
    assert tiers(council, **PEGGY) == {}
    # A later, committed change moves the log past the rolled-back position: still not trusted.
    PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington")
    assert tiers(council, **PEGGY) == {}
    assert tiers(council, name="Liam Harrington", date_of_birth=date(1971, 3, 14)) == {marker.pk: "strong"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_patched_index_equals_a_fresh_build(council, user_with_role, builds, seed, monkeypatch):
    """Property-style: random changes of every kind a check depends on, then the patched index against a build."""
    rng = random.Random(seed)
    homes = [b.address(council, line1=f"{n} Mill Lane", postcode=f"GL50 {n}PQ", uprn=f"10012000{n:04d}") for n in range(1, 4)]
    names = [("William", "Harrington"), ("Margaret", "O'Sullivan"), ("Siân", "Llewellyn-Jones"), ("Anna", "Nowak"), ("Jack", "Smith")]
    people = [b.person(council, given=g, family=f, dob=date(1950 + i, 1 + i, 2 + i), at=homes[i % 3]) for i, (g, f) in enumerate(names)]
    markers = [b.live_marker(council, user_with_role, subject=p) for p in people[:3]]
    markers.append(b.live_marker(council, user_with_role, premises=homes[0]))
    spare = people[3:]

    def rename() -> None:
        p = rng.choice(people)
        Person.objects.filter(pk=p.pk).update(family_name=rng.choice(["Harington", "Osullivan", "Jones", "Nowak", "Whitcombe"]))
        refresh_search_keys(Person.objects.get(pk=p.pk))

    def alias() -> None:
        p = rng.choice(people)
        PersonAlias.objects.create(person=p, given_names=rng.choice(["Bill", "Peggy", "Jack"]), family_name="Smith")
        refresh_search_keys(p)

    def end_or_revive() -> None:
        m = rng.choice(markers)
        status = Measure.Status.ENDED if Measure.objects.get(pk=m.pk).status != Measure.Status.ENDED else Measure.Status.ACTIVE
        Measure.objects.filter(pk=m.pk).update(status=status)

    def new_entry() -> None:
        if spare:
            markers.append(b.live_marker(council, user_with_role, subject=spare.pop()))

    def move_entry() -> None:
        Measure.objects.filter(pk=rng.choice(markers).pk).update(person=rng.choice(people))

    def move_address() -> None:
        Address.objects.filter(pk=rng.choice(homes).pk).update(postcode=rng.choice(["GL51 9ZZ", "GL52 3AA", "GL50 1PQ"]))

    def drop_keys() -> None:
        PersonSearchKey.objects.filter(person=rng.choice(people), key__startswith="fam:").delete()

    def merge() -> None:
        keep, gone = rng.sample(people, 2)
        Person.objects.filter(pk=gone.pk).update(merged_into=keep)

    def new_link() -> None:
        p = rng.choice(people)
        PersonAddress.objects.create(person=p, address=rng.choice(homes), from_date=date(2024, 1, 1))

    def new_date() -> None:
        p = rng.choice(people)
        Person.objects.filter(pk=p.pk).update(date_of_birth=date(rng.choice([1950, 1971]), rng.randint(1, 12), rng.randint(1, 28)))
        refresh_search_keys(Person.objects.get(pk=p.pk))

    changes = [rename, alias, end_or_revive, new_entry, move_entry, move_address, drop_keys, merge, new_link, new_date]
    monkeypatch.setattr(register_index, "SPLIT_KEYS_FROM", 0)  # every key split, so that kept splits can be compared
    index = register_index.index_for(council)
    for _round in range(6):
        assert index is not None and index.split_widely_held() > 0
        for _ in range(rng.randint(1, 3)):
            rng.choice(changes)()
        index = register_index.index_for(council)
        assert index is not None and index.position == position(council)
        fresh = register_index.build(council, index.token, index.council_token, index.position)
        assert shape(index) == shape(fresh)
        kept_splits_are_current(index)
    assert len(builds) == 6 + 1  # the first index, then one comparison build per round: every update was a patch


def test_a_trimmed_log_means_a_whole_rebuild(council, user_with_role, builds):
    person = b.person(council, at=b.address(council))
    marker = b.live_marker(council, user_with_role, subject=person)
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    PersonAlias.objects.create(person=person, given_names="Liam", family_name="Harrington")
    refresh_search_keys(person)
    RegisterChange.objects.update(created_at=timezone.now() - timedelta(days=3))
    register_version.register_changes_trim()  # keeps only the newest row: the index's own position is gone
    assert len(builds) == 1
    assert tiers(council, name="Liam Harrington", date_of_birth=date(1971, 3, 14)) == {marker.pk: "strong"}
    assert len(builds) == 2


def test_trimming_keeps_recent_rows_and_each_councils_newest(council, other_council, user_with_role):
    a = b.person(council, at=b.address(council))
    b.person(other_council, given="Anna", family="Nowak", at=b.address(other_council))
    PersonAlias.objects.create(person=a, given_names="Liam", family_name="Harrington")
    RegisterChange.objects.update(created_at=timezone.now() - timedelta(days=3))
    newest = {c: RegisterChange.objects.filter(council=c).order_by("-id").first().pk for c in (council, other_council)}  # type: ignore[union-attr]
    PersonAlias.objects.create(person=a, given_names="Bill", family_name="Harrington")  # recent
    recent = RegisterChange.objects.filter(created_at__gt=timezone.now() - timedelta(hours=1)).count()
    with override_settings(SAFECONTACT_REGISTER_CHANGES_KEEP_HOURS=24):
        result = register_version.register_changes_trim()
    assert result["removed"] > 0
    left = RegisterChange.objects.all()
    assert newest[other_council] in {r.pk for r in left}  # the other council's newest, though old
    assert newest[council] not in {r.pk for r in left}  # no longer this council's newest
    assert left.count() == recent + 1
    assert register_version.register_changes_trim()["removed"] == 0  # a second run finds nothing


def test_a_change_in_one_council_leaves_anothers_index_object_untouched(council, other_council, user_with_role, builds):
    def in_other(role, **fields):  # type: ignore[no-untyped-def]
        return user_with_role(role, for_council=other_council, **fields)

    a_person = b.person(council, at=b.address(council))
    b.live_marker(council, user_with_role, subject=a_person)
    b_marker = b.live_marker(other_council, in_other, subject=b.person(other_council, at=b.address(other_council)))
    register_index.index_for(council)
    b_index = register_index.index_for(other_council)
    b_shape = shape(b_index)  # type: ignore[arg-type]
    PersonAlias.objects.create(person=a_person, given_names="Liam", family_name="Harrington")
    refresh_search_keys(a_person)
    assert register_index.index_for(council).position == position(council)  # type: ignore[union-attr]
    assert register_index.index_for(other_council) is b_index
    assert shape(b_index) == b_shape  # type: ignore[arg-type]
    assert tiers(other_council, **BILL) == {b_marker.pk: "strong"}
    assert builds == [council.pk, other_council.pk]


def test_a_bulk_change_of_many_people_means_a_whole_rebuild(council, user_with_role, builds, monkeypatch):
    monkeypatch.setattr(register_index, "DELTA_MAX_PEOPLE", 3)
    people = [b.person(council, given="Anna", family=f"Nowak{n}", dob=date(1990, 1, 1 + n)) for n in range(5)]
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    PersonSearchKey.objects.bulk_create([PersonSearchKey(council=council, person=p, key="fam:BULK") for p in people])
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    assert len(builds) == 2
    PersonAlias.objects.create(person=people[0], given_names="Liam", family_name="Harrington")
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    assert len(builds) == 2  # one person again: patched


def test_a_new_day_means_a_whole_rebuild(council, user_with_role, builds, monkeypatch):
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(register_index.timezone, "localdate", lambda *args: tomorrow)
    register_index.index_for(council)
    assert len(builds) == 2


def test_reinstalling_the_triggers_means_a_whole_rebuild(council, user_with_role, builds):
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    register_version.install(connection)  # changes the every-council token: changes may have gone unlogged
    assert tiers(council, **BILL) == {marker.pk: "strong"}
    assert len(builds) == 2


def test_warming_builds_every_councils_index(council, other_council, user_with_role, builds):
    def in_other(role, **fields):  # type: ignore[no-untyped-def]
        return user_with_role(role, for_council=other_council, **fields)

    b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    b.live_marker(other_council, in_other, subject=b.person(other_council, at=b.address(other_council)))
    assert register_index.warm() == 2
    assert sorted(builds, key=str) == sorted([council.pk, other_council.pk], key=str)
    assert register_index.warm() == 2  # already current: nothing rebuilt
    assert len(builds) == 2


def test_warming_splits_widely_held_keys_and_freezes_what_the_worker_holds(council, user_with_role, monkeypatch, settings):
    """A starting worker makes the splits its first checks would make (hits_near, hits_alike, hits_named) and, when
    the setting is on (it is, outside tests), moves its objects out of the garbage collector's sight."""
    import gc

    monkeypatch.setattr(register_index, "SPLIT_KEYS_FROM", 0)
    b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    settings.SAFECONTACT_GC_FREEZE_AFTER_WARM = True
    assert register_index.warm() == 1
    index = register_index.index_for(council)
    assert index is not None and index.split_keys and index.name_groups and frozen == [True]
    assert not any(key.startswith(("pc:", "uprn:")) for key in index.split_keys)  # places are read whole


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_check_builds_the_index_before_taking_the_write_lock(council, user_with_role, monkeypatch):
    """check_run's transaction starts with BEGIN IMMEDIATE on SQLite: the index is built before it, in autocommit."""
    from safecontact.checks.services import CheckQuery, check_run

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL takes no write lock for reading")
    marker = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    in_transaction: list[bool] = []
    real = register_index.build

    def watching(*args, **kwargs):  # type: ignore[no-untyped-def]
        in_transaction.append(connection.in_atomic_block)
        return real(*args, **kwargs)

    monkeypatch.setattr(register_index, "build", watching)
    result = check_run(actor=user_with_role(Role.STAFF), council=council,
                       query=CheckQuery(purpose="home_visit", name="Bill Harington", date_of_birth=date(1971, 3, 14)))
    assert in_transaction == [False]
    assert result.outcome == "precautions_apply" and marker.pk


def test_each_gunicorn_worker_warms_the_index_as_it_starts(monkeypatch):
    """config/gunicorn_conf.py (used by make demo, the systemd unit and the image) starts the warm-up thread."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "config" / "gunicorn_conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    started: list[bool] = []
    monkeypatch.setattr(register_index, "warm_in_background", lambda: started.append(True))
    module.post_worker_init(worker=None)
    assert started == [True]
    for launcher in ("scripts/demo.sh", "deploy/systemd/safecontact-web.service", "deploy/Dockerfile"):
        assert "gunicorn_conf.py" in (path.parents[1] / launcher).read_text(), launcher
