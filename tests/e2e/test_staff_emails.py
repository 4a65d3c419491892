"""The email server was down for a report: the reporter is told the report was sent; the email could not be sent
after its tries, so the register manager's home page says so; they try it again and it goes to a real SMTP server.
axe on every page."""

from django.utils import timezone
from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.notifications.models import StaffEmail
from safecontact.notifications.services import staff_email_queue
from tests.smtp_sink import SmtpSink


def test_an_email_that_could_not_be_sent_is_found_from_home_and_sent_again(live_server, page, council, user_with_role,
                                                                           sign_in_as, axe, settings):
    manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rachel Green")
    email = staff_email_queue(council=council, recipients=["morgan.hughes@testshire.gov.uk"],
                              subject="An incident report is waiting for your triage", path="/incidents/", key="e2e")
    StaffEmail.objects.filter(pk=email.pk).update(status="failed", attempts=8, next_attempt_at=timezone.now(),
                                                  last_error="The email server could not be reached (ConnectionRefusedError)")
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False
        sign_in_as(manager)
        page.goto(f"{live_server.url}/")
        page.get_by_role("link", name="Emails to staff that could not be sent").click()
        expect(page.get_by_text("The email server could not be reached")).to_be_visible()
        axe(page)
        page.get_by_role("button", name="Try again now").click()
        expect(page.get_by_text("The email will be sent again now.")).to_be_visible()
        axe(page)
        (message,) = sink.messages
    assert message["To"] == "morgan.hughes@testshire.gov.uk"
    assert StaffEmail.objects.get(pk=email.pk).status == StaffEmail.Status.SENT
