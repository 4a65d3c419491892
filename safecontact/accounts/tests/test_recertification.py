"""The quarterly access check (R28 in issue 17): one task per line manager, confirm or remove each role, reminders
and escalation through the outbox, the progress page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.accounts.models import RecertificationItem, RecertificationTask, RoleAssignment
from safecontact.accounts.selectors_recertification import recertification_progress
from safecontact.accounts.services_recertification import quarter_start, recertification_daily, recertification_decide, recertification_start
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.notifications.models import StaffEmail

START = datetime(2026, 10, 1, 9, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def frozen():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(frozen, council, user_with_role):
    """A manager with two reports (one holding two roles), a report with no line manager, the DPO and an administrator."""
    manager = user_with_role(Role.MANAGER, full_name="Mina Manager")
    ann = user_with_role(Role.STAFF, full_name="Ann Abbott", line_manager=manager)
    bob = user_with_role(Role.REGISTER_OFFICER, full_name="Bob Baker", line_manager=manager)
    from safecontact.accounts.services import role_assignment_bootstrap

    role_assignment_bootstrap(council=council, user=bob, role=Role.STAFF, reason="test")
    loner = user_with_role(Role.STAFF, full_name="Lee Loner")
    dpo = user_with_role(Role.DPO, full_name="Dee Dpo")
    admin = user_with_role(Role.SYSADMIN, full_name="Sam Sysadmin")
    return {"manager": manager, "ann": ann, "bob": bob, "loner": loner, "dpo": dpo, "admin": admin}


def _items(task):
    return {(i.assignment.user.full_name, i.assignment.role): i for i in task.items.select_related("assignment__user")}


def test_quarter_start():
    assert [quarter_start(date(2026, m, 15)) for m in (1, 3, 4, 8, 12)] == [
        date(2026, 1, 1), date(2026, 1, 1), date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1)]


def test_a_check_gives_each_line_manager_their_staffs_roles_and_emails_them(people, council):
    campaign = recertification_start(actor=people["dpo"], council=council)
    task = RecertificationTask.objects.get(campaign=campaign)
    assert task.manager == people["manager"]
    assert set(_items(task)) == {("Ann Abbott", "staff"), ("Bob Baker", "register_officer"), ("Bob Baker", "staff")}
    email = StaffEmail.objects.get(key=f"recertification:{task.pk}:start")
    assert email.recipients == [people["manager"].email] and "/access-check/" in email.body
    event = AuditEvent.objects.get(event_type="role_assignment.recertification_started")
    assert event.actor_id == people["dpo"].pk
    assert event.data == {"tasks": 1, "roles": 3, "without_manager": 4}  # Lee, Mina, Dee and Sam have no line manager
    assert recertification_progress(council=council).without_manager == 4


def test_only_one_check_a_quarter_and_only_the_dpo_or_administrator_starts_it(people, council):
    with pytest.raises(PermissionDenied):
        recertification_start(actor=people["manager"], council=council)
    recertification_start(actor=people["admin"], council=council)
    with pytest.raises(ApplicationError, match="already started"):
        recertification_start(actor=people["dpo"], council=council)


def test_the_manager_confirms_and_removes_and_the_task_is_finished(people, council):
    task = RecertificationTask.objects.get(campaign=recertification_start(actor=None, council=council))
    items = _items(task)
    manager = people["manager"]
    recertification_decide(actor=manager, item=items[("Ann Abbott", "staff")], keep=True)
    with pytest.raises(ApplicationError, match="Say why"):
        recertification_decide(actor=manager, item=items[("Bob Baker", "staff")], keep=False, reason="  ")
    recertification_decide(actor=manager, item=items[("Bob Baker", "staff")], keep=False, reason="Moved to the back office")
    removed = items[("Bob Baker", "staff")].assignment
    removed.refresh_from_db()
    assert removed.status == "revoked" and "Moved to the back office" in removed.decision_note
    revoked = AuditEvent.objects.get(event_type="role_assignment.revoked", subject_id=str(removed.pk))
    assert revoked.actor_id == manager.pk  # the removal is the manager's, through the usual revocation
    assert AuditEvent.objects.filter(event_type="role_assignment.recertification_removed", actor_id=manager.pk).count() == 1
    task.refresh_from_db()
    assert task.completed_at is None
    recertification_decide(actor=manager, item=items[("Bob Baker", "register_officer")], keep=True)
    task.refresh_from_db()
    assert task.completed_at is not None
    progress = recertification_progress(council=council)
    assert (progress.done, progress.total, progress.confirmed, progress.removed) == (3, 3, 2, 1)
    with pytest.raises(ApplicationError, match="already"):
        recertification_decide(actor=manager, item=items[("Ann Abbott", "staff")], keep=True)


def test_another_manager_cannot_answer_nor_remove_through_the_revocation(people, council, user_with_role):
    task = RecertificationTask.objects.get(campaign=recertification_start(actor=None, council=council))
    item = _items(task)[("Ann Abbott", "staff")]
    other = user_with_role(Role.MANAGER)
    with pytest.raises(ApplicationError, match="line manager"):
        recertification_decide(actor=other, item=item, keep=False, reason="Not mine")
    from safecontact.accounts.services import role_assignment_revoke

    with pytest.raises(ApplicationError, match="line manager"):
        role_assignment_revoke(actor=other, assignment=item.assignment, reason="x", by_line_manager=True)


def test_a_role_that_ended_meanwhile_counts_as_done(people, council):
    task = RecertificationTask.objects.get(campaign=recertification_start(actor=None, council=council))
    item = _items(task)[("Ann Abbott", "staff")]
    RoleAssignment.objects.filter(pk=item.assignment_id).update(status="revoked")
    with pytest.raises(ApplicationError, match="already ended"):
        recertification_decide(actor=people["manager"], item=item, keep=True)
    progress = recertification_progress(council=council)
    assert (progress.done, progress.total) == (1, 3)


def test_the_daily_run_starts_the_check_in_the_first_week_then_reminds_and_escalates_once(people, council, frozen, settings):
    settings.RECERTIFICATION_REMINDER_DAYS, settings.RECERTIFICATION_ESCALATION_DAYS = 14, 28
    assert recertification_daily(today=date(2026, 10, 1))["started"] == 1
    assert recertification_daily(today=date(2026, 10, 2)) == {"started": 0, "reminded": 0, "escalated": 0}
    task = RecertificationTask.objects.get()
    frozen.shift(timedelta(days=14))
    assert recertification_daily(today=date(2026, 10, 15)) == {"started": 0, "reminded": 1, "escalated": 0}
    assert StaffEmail.objects.get(key=f"recertification:{task.pk}:reminder").recipients == [people["manager"].email]
    assert recertification_daily(today=date(2026, 10, 16))["reminded"] == 0
    frozen.shift(timedelta(days=14))
    assert recertification_daily(today=date(2026, 10, 29)) == {"started": 0, "reminded": 0, "escalated": 1}
    escalation = StaffEmail.objects.get(key=f"recertification:{task.pk}:escalation")
    assert escalation.recipients == sorted([people["dpo"].email, people["admin"].email])
    assert recertification_progress(council=council).overdue[0].task == task
    assert recertification_daily(today=date(2026, 10, 30))["escalated"] == 0
    assert AuditEvent.objects.filter(event_type="role_assignment.recertification_escalated", actor_id=None).count() == 1


def test_the_daily_run_does_not_start_a_check_after_the_first_week(people, council):
    assert recertification_daily(today=date(2026, 11, 10))["started"] == 0


def test_a_finished_check_is_not_reminded(people, council, frozen):
    task = RecertificationTask.objects.get(campaign=recertification_start(actor=None, council=council))
    for item in task.items.all():
        recertification_decide(actor=people["manager"], item=item, keep=True)
    frozen.shift(timedelta(days=40))
    assert recertification_daily(today=date(2026, 11, 10)) == {"started": 0, "reminded": 0, "escalated": 0}


# --- Pages ---

def test_the_manager_answers_on_their_page_and_another_manager_gets_404(people, council, client_for, user_with_role):
    task = RecertificationTask.objects.get(campaign=recertification_start(actor=None, council=council))
    item = _items(task)[("Ann Abbott", "staff")]
    client = client_for(people["manager"])
    page = client.get(reverse("accounts:recertification_task", args=[task.pk]))
    assert page.status_code == 200 and "Ann Abbott" in page.content.decode()
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(task.pk)).exists()
    response = client.post(reverse("accounts:recertification_confirm", args=[item.pk]))
    assert response.status_code == 302
    assert RecertificationItem.objects.get(pk=item.pk).decision == "confirmed"
    other = client_for(user_with_role(Role.MANAGER))
    assert other.get(reverse("accounts:recertification_task", args=[task.pk])).status_code == 404
    assert other.post(reverse("accounts:recertification_confirm", args=[item.pk])).status_code == 404


def test_removing_without_a_reason_shows_the_error_and_keeps_the_role(people, council, client_for):
    task = RecertificationTask.objects.get(campaign=recertification_start(actor=None, council=council))
    item = _items(task)[("Bob Baker", "staff")]
    client = client_for(people["manager"])
    url = reverse("accounts:recertification_remove", args=[item.pk])
    page = client.post(url, {"reason": ""})
    assert page.status_code == 200 and "Enter why the role is no longer needed" in page.content.decode()
    assert client.post(url, {"reason": "Left the team"}).status_code == 302
    assert RoleAssignment.objects.get(pk=item.assignment_id).status == "revoked"


def test_the_progress_page_shows_x_of_y_and_starts_a_check(people, council, client_for):
    client = client_for(people["dpo"])
    assert "No access check has been run yet" in client.get(reverse("accounts:recertification_progress")).content.decode()
    assert client.post(reverse("accounts:recertification_start")).status_code == 302
    text = client.get(reverse("accounts:recertification_progress")).content.decode()
    assert "0 of 3" in text and "Mina Manager" in text
    second = client.post(reverse("accounts:recertification_start"), follow=True).content.decode()
    assert "already started" in second


def test_the_manager_has_a_home_task(people, council, client_for):
    recertification_start(actor=None, council=council)
    text = client_for(people["manager"]).get(reverse("core:home")).content.decode()
    assert "Roles your staff hold to confirm" in text


def test_the_daily_run_starts_no_check_where_no_line_manager_has_anything_to_confirm(council, user_with_role):
    user_with_role(Role.STAFF)
    assert recertification_daily(today=date(2026, 10, 1))["started"] == 0
