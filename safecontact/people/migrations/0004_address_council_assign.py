"""Addresses belong to a council (step 2 of 3): every existing address gets the council(s) that hold it.

Until now one Address row served every council that used its UPRN. Each address now goes to the councils whose
records point at it (people's address histories, register premises, incident locations) and, for a gazetteer
row, to the council whose import loaded it when the audit trail can tell. The first of them keeps the row; each
other council gets its own copy, and that council's records are repointed to the copy (a premises measure's
subject key names its premises, so it is recomputed). An address nothing points at goes to the council that
loaded it; failing that to every council, a copy each: nobody can say whose it was, and dropping it could take
a row out of a council's gazetteer.

The reverse folds the rows of each UPRN back into one (the oldest), as the old one-row-per-UPRN rule needs; the
other councils' typed text for that UPRN is lost, as the old model could hold only one.
"""

import uuid
from bisect import bisect_left
from collections import defaultdict
from datetime import timedelta

from django.db import IntegrityError, migrations, transaction

# A gazetteer import writes its addresses and then its audit event, in one transaction: the first import event
# within this time after an address was created is the import that loaded it.
LOAD_WINDOW = timedelta(hours=1)
CHUNK = 500


def _subject_key(person_id, premises_id):  # type: ignore[no-untyped-def]
    """As register.services.subject_key spells it (copied: a migration must not import code that will change)."""
    return f"{person_id or '-'}|{premises_id or '-'}"


def _first_use(apps):  # type: ignore[no-untyped-def]
    """{address id: {council id: when that council's records first pointed at it}}"""
    PersonAddress = apps.get_model("people", "PersonAddress")
    Measure = apps.get_model("register", "Measure")
    Incident = apps.get_model("incidents", "Incident")
    uses: dict = defaultdict(dict)  # type: ignore[type-arg]
    for rows in (
        PersonAddress.objects.values_list("address_id", "person__council_id", "created_at"),
        Measure.objects.filter(premises__isnull=False).values_list("premises_id", "council_id", "created_at"),
        Incident.objects.filter(address__isnull=False).values_list("address_id", "council_id", "created_at"),
    ):
        for address_id, council_id, at in rows.iterator():
            seen = uses[address_id].get(council_id)
            if seen is None or at < seen:
                uses[address_id][council_id] = at
    return uses


def _loaders(apps):  # type: ignore[no-untyped-def]
    """(import times, their councils), oldest first: the gazetteer imports the audit trail names a council for."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Organisation = apps.get_model("accounts", "Organisation")
    known = set(Organisation.objects.values_list("pk", flat=True))
    events = [(at, council) for at, council in AuditEvent.objects.filter(event_type="gazetteer.imported", council_id__isnull=False)
              .order_by("occurred_at").values_list("occurred_at", "council_id") if council in known]
    return [at for at, _ in events], [council for _, council in events]


def _loaded_by(address, loaders):  # type: ignore[no-untyped-def]
    times, councils = loaders
    i = bisect_left(times, address.created_at)
    if address.from_gazetteer and i < len(times) and times[i] - address.created_at <= LOAD_WINDOW:
        return councils[i]
    return None


def _owners(address, used_by, loaders, councils):  # type: ignore[no-untyped-def]
    """The councils that hold the address, the one that keeps the row first."""
    owners = sorted(used_by, key=lambda c: (used_by[c], str(c)))
    loader = _loaded_by(address, loaders)
    if loader is not None:
        owners = [loader, *(c for c in owners if c != loader)]
    return owners or list(councils)


def _copy_for(apps, address, council_id):  # type: ignore[no-untyped-def]
    """A copy of the address for one more council, and that council's records pointed at it. The copy is created
    now (its created_at says so), so the original stays the oldest row of its UPRN, the one the reverse keeps."""
    Address = apps.get_model("people", "Address")
    PersonAddress = apps.get_model("people", "PersonAddress")
    Measure = apps.get_model("register", "Measure")
    Incident = apps.get_model("incidents", "Incident")
    copy = Address.objects.create(id=uuid.uuid4(), council_id=council_id, uprn=address.uprn, line1=address.line1, line2=address.line2,
                                  town=address.town, postcode=address.postcode, from_gazetteer=address.from_gazetteer)
    PersonAddress.objects.filter(address_id=address.pk, person__council_id=council_id).update(address_id=copy.pk)
    Incident.objects.filter(address_id=address.pk, council_id=council_id).update(address_id=copy.pk)
    for measure_id, person_id in Measure.objects.filter(premises_id=address.pk, council_id=council_id).values_list("pk", "person_id"):
        Measure.objects.filter(pk=measure_id).update(premises_id=copy.pk, subject_key=_subject_key(person_id, copy.pk))


def assign(apps, schema_editor):  # type: ignore[no-untyped-def]
    Address = apps.get_model("people", "Address")
    Organisation = apps.get_model("accounts", "Organisation")
    uses, loaders = _first_use(apps), _loaders(apps)
    councils = list(Organisation.objects.filter(kind="council").order_by("created_at", "pk").values_list("pk", flat=True))
    keeps: dict = defaultdict(list)  # type: ignore[type-arg]
    copies = []
    for address in Address.objects.filter(council__isnull=True).order_by("created_at", "pk").iterator():
        owners = _owners(address, uses.get(address.pk, {}), loaders, councils)
        if not owners:
            raise RuntimeError(f"Address {address.pk} is used by no council and there is no council to give it to: "
                               "create the council first, or delete the address.")
        keeps[owners[0]].append(address.pk)
        copies += [(address, council_id) for council_id in owners[1:]]
    for council_id, ids in keeps.items():
        for start in range(0, len(ids), CHUNK):
            Address.objects.filter(pk__in=ids[start : start + CHUNK]).update(council_id=council_id)
    for address, council_id in copies:
        _copy_for(apps, address, council_id)


def merge(apps, schema_editor):  # type: ignore[no-untyped-def]
    Address = apps.get_model("people", "Address")
    PersonAddress = apps.get_model("people", "PersonAddress")
    Measure = apps.get_model("register", "Measure")
    Incident = apps.get_model("incidents", "Incident")
    by_uprn: dict = defaultdict(list)  # type: ignore[type-arg]
    for pk, uprn in Address.objects.exclude(uprn="").order_by("created_at", "pk").values_list("pk", "uprn"):
        by_uprn[uprn].append(pk)
    for uprn, (keep, *others) in by_uprn.items():
        if not others:
            continue
        try:
            with transaction.atomic():
                PersonAddress.objects.filter(address_id__in=others).update(address_id=keep)
                Incident.objects.filter(address_id__in=others).update(address_id=keep)
                for measure_id, person_id in Measure.objects.filter(premises_id__in=others).values_list("pk", "person_id"):
                    Measure.objects.filter(pk=measure_id).update(premises_id=keep, subject_key=_subject_key(person_id, keep))
        except IntegrityError as exc:
            raise RuntimeError(f"Cannot fold the addresses with UPRN {uprn} back into one: more than one council has a live "
                               "safety marker on it, which the old one-marker rule forbids. End all but one first.") from exc
        Address.objects.filter(pk__in=others).delete()
    Address.objects.update(council=None)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("audit", "0002_append_only_trigger"),
        ("incidents", "0003_reporting_and_triage_fields"),
        ("people", "0003_address_council"),
        ("register", "0003_notification_decision"),
    ]

    operations = [migrations.RunPython(assign, merge)]
