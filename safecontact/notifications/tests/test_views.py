"""The emails page: the register manager sees what is waiting or could not be sent and tries again; the DPO
only looks; another council's emails are not found; the home page says when something could not be sent."""

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.notifications.models import StaffEmail
from safecontact.notifications.services import staff_email_queue

LIST = reverse("notifications:staff_email_list")


def failed_email(council, key="failed"):
    email = staff_email_queue(council=council, recipients=["morgan@testshire.gov.uk"], subject="An appeal has been assigned to you",
                              path="/appeals/1/", key=key)
    StaffEmail.objects.filter(pk=email.pk).update(status="failed", attempts=8, last_error="The email server could not be reached (OSError)")
    return StaffEmail.objects.get(pk=email.pk)


@pytest.fixture
def manager_client(user_with_role, client_for):
    return client_for(user_with_role(Role.REGISTER_MANAGER))


def test_the_register_manager_sees_failed_and_waiting_emails_and_the_home_page_says_so(council, manager_client):
    failed = failed_email(council)
    staff_email_queue(council=council, recipients=["a@testshire.gov.uk"], subject="A register entry you own is due for review",
                      path="/reviews/1/", key="waiting")
    sent = staff_email_queue(council=council, recipients=["b@testshire.gov.uk"], subject="The annual review of the behaviour policy is due",
                             path="/policy/", key="sent")
    StaffEmail.objects.filter(pk=sent.pk).update(status="sent", sent_at=timezone.now())
    page = manager_client.get(LIST).content.decode()
    assert "An appeal has been assigned to you" in page and "A register entry you own is due for review" in page
    assert "The annual review of the behaviour policy is due" not in page  # sent: shown under "Sent" only
    assert "1 email could not be sent" in page and "The email server could not be reached" in page
    assert "morgan@testshire.gov.uk" in page and "Try again now" in page
    assert "The annual review" in manager_client.get(LIST + "?show=sent").content.decode()
    home = manager_client.get(reverse("core:home")).content.decode()
    assert "Emails to staff that could not be sent" in home and f"{LIST}?show=failed" in home
    assert failed.status == "failed"


def test_trying_again_queues_a_fresh_set_of_tries_and_is_audited(council, manager_client, django_capture_on_commit_callbacks):
    email = failed_email(council)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("notifications:staff_email_retry", kwargs={"id": email.pk}))
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.SENT and email.attempts == 1  # the worker (immediate in tests) sent it
    assert AuditEvent.objects.filter(event_type="staff_email.requeued", subject_id=str(email.pk), data__was="failed").exists()
    response = manager_client.post(reverse("notifications:staff_email_retry", kwargs={"id": email.pk}), follow=True)
    assert "This email has been sent." in response.content.decode()


def test_every_failed_email_can_be_tried_again_at_once(council, manager_client):
    for key in ("a", "b"):
        failed_email(council, key=key)
    response = manager_client.post(reverse("notifications:staff_emails_retry_failed"), follow=True)
    assert "2 emails will be sent again now." in response.content.decode()
    assert set(StaffEmail.objects.values_list("status", "attempts")) == {("pending", 0)}


def test_the_dpo_looks_but_does_not_retry(council, user_with_role, client_for):
    email = failed_email(council)
    client = client_for(user_with_role(Role.DPO))
    page = client.get(LIST).content.decode()
    assert "An appeal has been assigned to you" in page and "Try again now" not in page
    assert client.post(reverse("notifications:staff_email_retry", kwargs={"id": email.pk})).status_code == 403


def test_another_councils_emails_are_not_found(council, other_council, manager_client):
    theirs = failed_email(other_council)
    assert "An appeal has been assigned to you" not in manager_client.get(LIST).content.decode()
    assert manager_client.post(reverse("notifications:staff_email_retry", kwargs={"id": theirs.pk})).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == StaffEmail.Status.FAILED


def test_the_list_asks_the_database_a_fixed_number_of_times(council, manager_client, django_assert_max_num_queries):
    for n in range(30):
        failed_email(council, key=f"k{n}")
    with django_assert_max_num_queries(25):
        assert manager_client.get(LIST).status_code == 200
