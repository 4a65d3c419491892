"""Event types have names people read (issue 14, item 6): the audit trail shows and filters by them, never codes."""

from safecontact.access.policy import Role
from safecontact.audit.events import AREAS, EventType, area_event_types, event_name
from safecontact.audit.models import AuditEvent


def test_every_event_type_has_a_name_and_an_area():
    unnamed = [event.value for event in EventType if event.label == event_name("") or "_" in event.label or "." in event.label]
    assert unnamed == []
    in_an_area = {code for area in AREAS for code in area_event_types(area)}
    # A new event type needs a name in _NAMES and its prefix in one of AREAS (audit/events.py).
    assert {event.value for event in EventType} - in_an_area == set()


def test_a_code_no_longer_in_the_enum_still_reads_as_words():
    assert event_name("widget.was_frobbed") == "Widget: was frobbed"


def test_the_audit_trail_shows_names_and_filters_by_name_or_area(council, user_with_role, client_for):
    dpo = user_with_role(Role.DPO, full_name="Dana Protection")
    client = client_for(dpo)
    client.get("/people/")  # whatever it writes, the page must read as words
    page = client.get("/audit/").content.decode()
    assert "Role approved" in page and "role_assignment.approved" not in page.split("<select")[0].split("</form>")[-1]
    assert "Everything in views of personal data" in page
    codes = set(AuditEvent.objects.filter(council_id=council.pk).values_list("event_type", flat=True))
    assert EventType.ROLE_APPROVED in codes
    only = client.get("/audit/", {"type": EventType.ROLE_APPROVED.value}).content.decode()
    assert "Role approved" in only and "Signed in</td>" not in only
    area = client.get("/audit/", {"type": "area:staff"})
    assert area.status_code == 200 and "Role approved" in area.content.decode()
