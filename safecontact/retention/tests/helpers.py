"""Set-up for retention tests: real entries made through the register's services, at a frozen time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.base import ContentFile

from safecontact.incidents.models import Attachment, Incident
from safecontact.letters.services import letter_create
from safecontact.people.models import PersonSearchKey
from safecontact.register import services as register
from safecontact.register.models import Measure
from safecontact.register.tests import builders
from safecontact.retention.services import retention_sweep

LONDON = ZoneInfo("Europe/London")
NAMES = [("Bartholomew", "Quennell", date(1968, 2, 29)), ("Philippa", "Ashdown-Rees", date(1980, 11, 3)),
         ("Cuthbert", "Penhaligon", date(1959, 7, 21))]


def at(day: date, hour: int = 12):
    """Freeze the clock at noon, London time, on `day`."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def ended_measure(council, user_with_role, *, given="Bartholomew", family="Quennell", dob=date(1968, 2, 29),
                  line1="7 Larkspur Close", postcode="GL52 6XY", with_letter=True, with_attachment=True) -> Measure:
    """A live marker on a person with an address, evidence and a letter, ended (removed) now."""
    person = builders.person(council, given=given, family=family, dob=dob,
                             at=builders.address(council, line1=line1, postcode=postcode))
    measure = builders.live_marker(council, user_with_role, subject=person)
    if with_attachment:
        incident = measure.originating_incident
        attachment = Attachment(council=council, incident=incident, original_name="photo.jpg", content_type="image/jpeg",
                                size=5, uploaded_by=incident.reporter)
        attachment.file.save("evidence.jpg", ContentFile(b"\xff\xd8\xff\xe0x"), save=False)
        attachment.save()
    if with_letter:
        letter_create(actor=None, council=council, event="safety_marker", person=person, measure=measure)
    return register.measure_end(actor=None, measure=measure, reason="Removed by the Governance Group")


def sweep(day: date) -> dict[str, int]:
    with at(day, hour=2):
        return retention_sweep(today=day)


def search_keys_of(person_id) -> int:
    return PersonSearchKey.objects.filter(person_id=person_id).count()


def closed_incident(council, reporter, person=None, *, files=1, status=Incident.Status.CLOSED):
    incident = builders.incident(council, reporter, person)
    Incident.objects.filter(pk=incident.pk).update(status=status)
    incident.refresh_from_db()
    for n in range(files):
        attach(incident, f"evidence-{n}.txt")
    return incident


def attach(incident, name):
    attachment = Attachment(council=incident.council, incident=incident, original_name=name, content_type="text/plain", size=1,
                            uploaded_by=incident.reporter)
    attachment.file.save(name, ContentFile(b"x"), save=False)
    attachment.save()
    return attachment.file.name
