"""The page of ended entries still to clear from other systems, the checklist on an ended entry's page, and the home
page task that leads to them."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.governance import services
from safecontact.governance.models import ChecklistTask
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

from .test_clearance import interim_marker

CLEARANCE = reverse("governance:clearance_list")


def lapsed(council, user_with_role, **kwargs):
    measure, _ = interim_marker(council, user_with_role, **kwargs)
    services.interim_lapse_daily(today=measure.interim_until + timedelta(days=1))
    return Measure.objects.get(pk=measure.pk)


def test_officer_sees_every_ended_entry_still_to_clear_and_ticks_it_off(council, user_with_role, client_for, officer):
    measure = lapsed(council, user_with_role)
    tasks = list(ChecklistTask.objects.filter(measure=measure))
    client = client_for(officer)

    body = client.get(CLEARANCE).content.decode()
    assert measure.reference in body and "interim marker lapsed" in body and "Harrington" in body
    assert all(f"Status of {task.label} for {measure.reference}" in body for task in tasks)  # labels name the entry too
    assert AuditEvent.objects.filter(event_type="access.listed", actor_id=officer.pk, data__list="clearance").exists()

    response = client.post(reverse("governance:checklist_update", kwargs={"id": tasks[0].pk}), {"status": "done", "back": "list"})
    assert response.status_code == 302 and response["Location"] == CLEARANCE
    tasks[0].refresh_from_db()
    assert tasks[0].status == ChecklistTask.Status.DONE and tasks[0].done_by == officer

    for task in tasks[1:]:
        services.checklist_task_update(actor=officer, task=task, status="not_needed")
    body = client.get(CLEARANCE).content.decode()
    assert measure.reference not in body and "Nothing to clear" in body


def test_the_entry_page_shows_its_checklist_once_it_has_ended(council, user_with_role, client_for, officer):
    measure = lapsed(council, user_with_role)
    task = ChecklistTask.objects.filter(measure=measure).first()
    client = client_for(officer)
    page = reverse("register:measure_detail", kwargs={"id": measure.pk})

    body = client.get(page).content.decode()
    assert "Clearing the flag from other systems" in body and task.label in body
    assert reverse("governance:checklist_update", kwargs={"id": task.pk}) in body

    response = client.post(reverse("governance:checklist_update", kwargs={"id": task.pk}), {"status": "done", "back": "entry"})
    assert response["Location"] == page


def test_a_live_entry_page_shows_no_checklist(council, user_with_role, client_for, officer):
    measure, _ = interim_marker(council, user_with_role)
    body = client_for(officer).get(reverse("register:measure_detail", kwargs={"id": measure.pk})).content.decode()
    assert "Clearing the flag from other systems" not in body


def test_those_who_do_not_clear_checklists_see_no_tick_boxes(council, user_with_role, client_for):
    measure = lapsed(council, user_with_role)
    task = ChecklistTask.objects.filter(measure=measure).first()
    decision_maker = client_for(user_with_role(Role.DECISION_MAKER))
    body = decision_maker.get(reverse("register:measure_detail", kwargs={"id": measure.pk})).content.decode()
    assert reverse("governance:checklist_update", kwargs={"id": task.pk}) not in body
    assert decision_maker.get(CLEARANCE).status_code == 403


def test_another_councils_checklist_is_not_found(council, other_council, user_with_role, client_for):
    measure = lapsed(council, user_with_role)
    task = ChecklistTask.objects.filter(measure=measure).first()
    outsider = client_for(user_with_role(Role.REGISTER_OFFICER, organisation=other_council, for_council=other_council))
    assert measure.reference not in outsider.get(CLEARANCE).content.decode()
    assert outsider.post(reverse("governance:checklist_update", kwargs={"id": task.pk}), {"status": "done"}).status_code == 404
    task.refresh_from_db()
    assert task.status == ChecklistTask.Status.PENDING


def test_the_home_page_task_leads_to_the_page(council, user_with_role, client_for, officer):
    lapsed(council, user_with_role)
    body = client_for(officer).get(reverse("core:home")).content.decode()
    assert "Removed flags still to clear from other systems" in body and CLEARANCE in body


def test_the_page_reads_the_same_number_of_times_however_many_entries_it_lists(council, user_with_role, client_for, officer):
    client = client_for(officer)
    lapsed(council, user_with_role)
    with CaptureQueriesContext(connection) as one:
        client.get(CLEARANCE)
    for given in ("Ann", "Bob"):
        lapsed(council, user_with_role, subject=b.person(council, given=given, family="Other", at=b.address(council)))
    with CaptureQueriesContext(connection) as three:
        body = client.get(CLEARANCE).content.decode()
    assert body.count("Register entry") == 3
    assert len(three.captured_queries) == len(one.captured_queries)
