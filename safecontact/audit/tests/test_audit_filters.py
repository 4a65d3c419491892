"""Audit you can read (issue 17, item 1): filters by who acted, by dates and by event, combined; who viewed an
entry; a formula-safe CSV of the filtered view whose download is itself in the trail."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.services import audit_record
from safecontact.core.csv_export import formula_safe
from safecontact.register.tests import builders


def _rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")
                                       if response.streaming else response.content.decode("utf-8-sig"))))


def _recorded_days_ago(days, **kwargs):
    # The trail refuses updates (append-only), so an old event is written at an old time rather than moved.
    with time_machine.travel(timezone.now() - timedelta(days=days)):
        return audit_record(**kwargs)


def test_filters_by_user_dates_and_event_combine(council, user_with_role, client_for):
    dpo = user_with_role(Role.DPO, full_name="Dana Protection")
    alice = user_with_role(Role.REGISTER_MANAGER, full_name="Alice Able")
    bob = user_with_role(Role.REGISTER_MANAGER, full_name="Bob Baker")
    _recorded_days_ago(40, actor=alice, event=EventType.TEAM_CREATED, council=council)
    audit_record(actor=alice, event=EventType.TEAM_RENAMED, council=council)
    audit_record(actor=bob, event=EventType.TEAM_RENAMED, council=council)
    client = client_for(dpo)
    page = client.get("/audit/").content.decode()
    assert "Alice Able" in page and "Bob Baker" in page and str(alice.pk) not in page.split("</form>")[-1]
    only_alice = client.get("/audit/", {"user": str(alice.pk), "type": EventType.TEAM_RENAMED.value}).content.decode()
    table = only_alice.split("</form>")[-1]
    assert "Team renamed" in table and "Bob Baker" not in table and "Team added" not in table
    since = timezone.localdate() - timedelta(days=7)
    recent = client.get("/audit/", {"user": str(alice.pk), "since_0": since.day, "since_1": since.month,
                                    "since_2": since.year}).content.decode().split("</form>")[-1]
    assert "Team renamed" in recent and "Team added" not in recent
    until = timezone.localdate() - timedelta(days=30)
    older = client.get("/audit/", {"user": str(alice.pk), "until_0": until.day, "until_1": until.month,
                                   "until_2": until.year}).content.decode().split("</form>")[-1]
    assert "Team added" in older and "Team renamed" not in older


def test_a_date_that_is_not_real_is_shown_beside_the_field_and_the_page_still_lists(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.DPO))
    response = client.get("/audit/", {"since_0": "31", "since_1": "2", "since_2": "2026"})
    assert response.status_code == 200 and "must be a real date" in response.content.decode()


def test_formula_safe_prefixes_cells_a_spreadsheet_would_run():
    assert [formula_safe(v) for v in ("=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx", "plain", None, 3)] == [
        "'=1+1", "'+44", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "plain", "", "3"]


def test_csv_export_is_the_filtered_view_formula_safe_and_audited(council, user_with_role, client_for):
    dpo = user_with_role(Role.DPO, full_name="Dana Protection")
    mallory = user_with_role(Role.REGISTER_MANAGER, full_name="=HYPERLINK(\"http://x\")")
    audit_record(actor=mallory, event=EventType.TEAM_RENAMED, council=council)
    audit_record(actor=dpo, event=EventType.TEAM_CREATED, council=council)
    response = client_for(dpo).get("/audit/download.csv", {"user": str(mallory.pk)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[0] == ["Number", "When", "Event", "Who", "About", "Reference"]
    body = rows[1:]
    assert body and all(row[3] == "'=HYPERLINK(\"http://x\")" for row in body)
    assert "Team added" not in {row[2] for row in body}
    exported = AuditEvent.objects.filter(council_id=council.pk, event_type=EventType.AUDIT_EXPORTED).get()
    assert exported.actor_id == dpo.pk and exported.data["user"] == str(mallory.pk) and exported.data["rows"] == len(body)
    page = client_for(dpo).get("/audit/", {"type": EventType.AUDIT_EXPORTED.value}).content.decode()
    assert "Audit trail downloaded" in page.split("</form>")[-1]


def test_only_the_dpo_may_download_the_trail(council, user_with_role, client_for):
    response = client_for(user_with_role(Role.REGISTER_MANAGER)).get("/audit/download.csv")
    assert response.status_code in (403, 404)
    assert not AuditEvent.objects.filter(event_type=EventType.AUDIT_EXPORTED).exists()


def _entry(council, officer):
    subject = builders.person(council)
    return builders.propose(actor=officer, council=council, originating_incident=builders.incident(council, officer, subject),
                            person=subject, reasons="Shouted at staff", marker=builders.marker_details())


@pytest.mark.parametrize("role", [Role.DPO, Role.REGISTER_MANAGER])
def test_who_viewed_a_register_entry_from_its_page(council, user_with_role, client_for, role):
    reader = user_with_role(role, full_name="Reader Person")
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olive Officer")
    entry = _entry(council, officer)
    assert client_for(officer).get(f"/register/{entry.pk}/").status_code == 200
    entry_page = client_for(reader).get(f"/register/{entry.pk}/").content.decode()
    assert f"/audit/views/entry/{entry.pk}/" in entry_page
    views = client_for(reader).get(f"/audit/views/entry/{entry.pk}/").content.decode()
    assert f"Who has viewed register entry {entry.reference}" in views
    table = views.split("</form>")[-1]
    assert "Olive Officer" in table and "Record viewed" in table
    # The download and the whole trail stay the DPO's (R83); the register manager sees views of this entry only.
    assert ("/audit/download.csv?entry=" in views) is (role == Role.DPO)
    assert f"/audit/views/entry/{entry.pk}/" not in client_for(officer).get(f"/register/{entry.pk}/").content.decode()
    assert client_for(officer).get(f"/audit/views/entry/{entry.pk}/").status_code in (403, 404)


def test_the_register_manager_sees_views_of_a_record_but_not_the_trail(council, other_council, user_with_role, client_for):
    manager = user_with_role(Role.REGISTER_MANAGER)
    client = client_for(manager)
    person = builders.person(council)
    assert f"/audit/views/person/{person.pk}/" in client.get(f"/people/{person.pk}/").content.decode()
    assert client.get(f"/audit/views/person/{person.pk}/").status_code == 200
    assert client.get("/audit/").status_code in (403, 404)
    assert client.get(f"/audit/views/person/{builders.person(other_council).pk}/").status_code == 404


def test_the_dpo_downloads_who_viewed_an_entry(council, user_with_role, client_for):
    dpo = user_with_role(Role.DPO)
    entry = _entry(council, user_with_role(Role.REGISTER_OFFICER, full_name="Olive Officer"))
    client_for(dpo).get(f"/register/{entry.pk}/")
    rows = _rows(client_for(dpo).get("/audit/download.csv", {"entry": str(entry.pk)}))
    assert {row[2] for row in rows[1:]} == {"Record viewed"} and {row[5] for row in rows[1:]} == {str(entry.pk)}
    exported = AuditEvent.objects.get(council_id=council.pk, event_type=EventType.AUDIT_EXPORTED)
    assert exported.subject_id == str(entry.pk)
