"""The migrations that gave every address its council (people 0003-0005, register 0004): forwards, each council
that used a shared address gets its own row and its records follow; backwards, the rows of a UPRN fold into one."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("people", "0003_address_council")]
AFTER = [("people", "0005_address_council_required"), ("register", "0004_one_live_marker_per_council")]
SHARED, LOADED, ORPHAN = "100120001234", "100120005555", "100120007777"

pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):  # type: ignore[no-untyped-def]
    """Migrate and return the models as the database now has them (every app at what is applied)."""
    MigrationExecutor(connection).migrate(targets)
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.fixture
def at_0003():  # type: ignore[no-untyped-def]
    try:
        yield migrate(BEFORE)
    finally:
        call_command("migrate", verbosity=0)  # the latest schema (and, through post_migrate, every trigger) again


def models_of(apps):  # type: ignore[no-untyped-def]
    labels = ("accounts.Organisation", "accounts.User", "people.Person", "people.PersonAddress", "people.Address", "incidents.Incident",
              "register.Measure", "audit.AuditEvent")
    return SimpleNamespace(**{label.split(".")[1]: apps.get_model(label) for label in labels})


def old_register(apps):  # type: ignore[no-untyped-def]
    """Addresses shared by UPRN as before: A and B both live at SHARED (B has a premises marker there), C's
    incident happened there; B's gazetteer import loaded LOADED; nothing uses ORPHAN."""
    m = models_of(apps)
    a, b, c = (m.Organisation.objects.create(name=f"Council {x}", slug=f"council-{x}", kind="council") for x in "abc")
    m.Organisation.objects.create(name="A partner", slug="partner", kind="partner")
    officer = m.User.objects.create(email="officer@example.gov.uk", full_name="Officer", organisation=a, password="!")
    shared = m.Address.objects.create(uprn=SHARED, line1="12 Mill Lane", postcode="GL50 1PQ")
    typed = m.Address.objects.create(line1="Flat 2, Mill Lane", postcode="GL50 1PQ")
    m.Address.objects.create(uprn=ORPHAN, line1="7 Nobody Lane", postcode="GL50 7AA")
    loaded = m.Address.objects.create(uprn=LOADED, line1="5 Gazetteer Road", postcode="GL50 5AA", from_gazetteer=True)
    m.AuditEvent.objects.create(chain=str(b.pk), seq=1, council_id=b.pk, occurred_at=loaded.created_at + timedelta(seconds=2),
                                actor_type="system", event_type="gazetteer.imported", prev_hash="0" * 64, hash="1" * 64)
    ann, bea = m.Person.objects.create(council=a, family_name="Able"), m.Person.objects.create(council=b, family_name="Baker")
    m.PersonAddress.objects.create(person=ann, address=shared)
    m.PersonAddress.objects.create(person=ann, address=typed)
    m.PersonAddress.objects.create(person=bea, address=shared)
    m.Incident.objects.create(council=c, reporter=officer, address=shared, occurred_at=timezone.now())
    incident_b = m.Incident.objects.create(council=b, reporter=officer, occurred_at=timezone.now())
    m.Measure.objects.create(council=b, reference="PSR-1", kind="safety_marker", status="awaiting_approval", premises=shared,
                             subject_key=f"-|{shared.pk}", originating_incident=incident_b, owner=officer, proposed_by=officer, reasons="Dog")
    return {"a": a.pk, "b": b.pk, "c": c.pk, "shared": shared.pk, "typed": typed.pk}


def test_each_council_gets_its_own_rows_and_the_reverse_folds_them_back(at_0003):
    ids = old_register(at_0003)
    m = models_of(migrate(AFTER))
    by_council = {council: pk for pk, council in m.Address.objects.filter(uprn=SHARED).values_list("pk", "council_id")}
    assert set(by_council) == {ids["a"], ids["b"], ids["c"]} and by_council[ids["a"]] == ids["shared"]  # the first user keeps the row
    for link in m.PersonAddress.objects.filter(address__uprn=SHARED).select_related("person", "address"):
        assert link.address.council_id == link.person.council_id
    assert m.Incident.objects.get(address__isnull=False).address_id == by_council[ids["c"]]
    marker = m.Measure.objects.get()
    assert marker.premises_id == by_council[ids["b"]] and marker.subject_key == f"-|{by_council[ids['b']]}"
    assert m.Address.objects.get(pk=ids["typed"]).council_id == ids["a"]
    assert list(m.Address.objects.filter(uprn=LOADED).values_list("council_id", flat=True)) == [ids["b"]]
    assert set(m.Address.objects.filter(uprn=ORPHAN).values_list("council_id", flat=True)) == {ids["a"], ids["b"], ids["c"]}

    m = models_of(migrate(BEFORE))
    assert list(m.Address.objects.filter(uprn=SHARED).values_list("pk", flat=True)) == [ids["shared"]]
    assert m.Address.objects.filter(uprn=ORPHAN).count() == 1 and not m.Address.objects.filter(council__isnull=False).exists()
    assert set(m.PersonAddress.objects.exclude(address_id=ids["typed"]).values_list("address_id", flat=True)) == {ids["shared"]}
    assert m.Incident.objects.get(address__isnull=False).address_id == ids["shared"]
    assert m.Measure.objects.get().subject_key == f"-|{ids['shared']}"
