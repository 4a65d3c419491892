"""With a real SMTP server (tests/smtp_sink.py) and a closed port for "down": a report submitted while the email
server is down is confirmed to the reporter, and its email goes out once when the server is back; a review
reminder that could not be sent is sent later, never lost."""

import socket
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.incidents.models import Incident
from safecontact.incidents.tests.factories import draft_incident
from safecontact.notifications.models import StaffEmail
from safecontact.notifications.outbox import staff_emails_deliver_due
from safecontact.reviews import services as reviews
from safecontact.reviews.models import ReviewReminder
from safecontact.reviews.tests.helpers import approved_marker, on
from tests.smtp_sink import SmtpSink


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """Point Django at a real SMTP server: `smtp.down()` (nothing listening) or `smtp.up(sink)`."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = "127.0.0.1", False, 5

    class Smtp:
        @staticmethod
        def down() -> None:
            settings.EMAIL_PORT = closed_port()

        @staticmethod
        def up(sink: SmtpSink) -> None:
            settings.EMAIL_PORT = sink.port

    return Smtp()


def test_smtp_down_during_a_report_the_reporter_is_confirmed_and_the_manager_emailed_once_when_it_is_back(
        smtp, council, user_with_role, client_for, django_capture_on_commit_callbacks):
    manager = user_with_role(Role.MANAGER, full_name="Morgan Hughes")
    staff = user_with_role(Role.STAFF, line_manager=manager)
    incident = draft_incident(reporter=staff, council=council)
    smtp.down()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(reverse("incidents:report_check", kwargs={"id": incident.pk}))
    assert response.status_code == 302 and response.url == reverse("incidents:report_confirmation", kwargs={"id": incident.pk})
    assert client_for(staff).get(response.url).status_code == 200
    assert Incident.objects.get(pk=incident.pk).status == Incident.Status.SUBMITTED
    email = StaffEmail.objects.get()
    assert email.status == StaffEmail.Status.PENDING and email.recipients == [manager.email] and email.attempts == 1
    assert "could not be reached" in email.last_error
    with SmtpSink() as sink:
        smtp.up(sink)
        with time_machine.travel(timezone.now() + timedelta(minutes=3), tick=False):
            assert staff_emails_deliver_due() == 1
            assert staff_emails_deliver_due() == 0
        (message,) = sink.messages
    assert message["To"] == manager.email and message["Message-ID"] == f"<{email.pk}@staff-email.safecontact>"
    assert message["Subject"] == "An incident report is waiting for your triage"
    assert f"/incidents/{incident.pk}/triage/" in message.get_payload() and incident.subject_family_name not in message.as_string()
    email.refresh_from_db()
    assert email.status == StaffEmail.Status.SENT and email.attempts == 2


def test_a_review_reminder_that_could_not_be_sent_is_sent_later(smtp, council, user_with_role, django_capture_on_commit_callbacks):
    measure, _manager = approved_marker(council, user_with_role)
    day = measure.review_due - timedelta(days=30)
    smtp.down()
    with on(day, hour=6), django_capture_on_commit_callbacks(execute=True):
        counts = reviews.reviews_daily(today=day)
    assert counts["reminders_sent"] == 1
    reminder = ReviewReminder.objects.get()
    email = StaffEmail.objects.get(key=f"review-reminder:{reminder.pk}")
    assert email.status == StaffEmail.Status.PENDING and email.attempts == 1
    with on(day, hour=6), django_capture_on_commit_callbacks(execute=True):
        assert reviews.reviews_daily(today=day)["reminders_sent"] == 0  # recorded once; the email is not queued again
    with SmtpSink() as sink:
        smtp.up(sink)
        with on(day, hour=7):
            assert staff_emails_deliver_due() == 1
        (message,) = sink.messages
    assert message["To"] == measure.owner.email and message["Subject"] == "A register entry you own is due for review"
    assert StaffEmail.objects.get().status == StaffEmail.Status.SENT


def test_the_daily_run_reminds_on_the_right_day_even_when_the_server_is_down(smtp, council, user_with_role,
                                                                             django_capture_on_commit_callbacks):
    """The daily run itself never fails because of email: the step succeeds and the email waits."""
    from safecontact.shell.jobs import run_daily

    measure, _manager = approved_marker(council, user_with_role)
    day: date = measure.review_due - timedelta(days=7)
    smtp.down()
    with on(day, hour=6), django_capture_on_commit_callbacks(execute=True):
        run = run_daily(today=day)
    assert run.counts["reviews.reminders_sent"] == 1 and not run.errors
    assert StaffEmail.objects.get().status == StaffEmail.Status.PENDING
