"""The email server is down while staff report incidents, then comes back. Every reporter is told their report was
sent (a real submit through the page, answering 302 then 200), every manager's email goes out once the server is
back, and a second sender run sends nothing more (a real SMTP server on the loopback: tests/smtp_sink.py)."""

from __future__ import annotations

import socket
from datetime import timedelta

import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.faults.common import Result, audit_verifies, council_with


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*, short: bool) -> Result:
    from safecontact.access.policy import Role
    from safecontact.incidents.models import Incident
    from safecontact.incidents.tests.factories import draft_incident
    from safecontact.notifications.models import StaffEmail
    from safecontact.notifications.outbox import staff_emails_deliver_due
    from tests.faults.common import another
    from tests.smtp_sink import SmtpSink

    result = Result("SMTP down during reports, then back")
    council, users = council_with(Role.MANAGER)
    manager = users[Role.MANAGER]
    reports = 5 if short else 20
    smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1", "EMAIL_USE_TLS": False,
            "EMAIL_TIMEOUT": 5}
    confirmed = 0
    with override_settings(**smtp, EMAIL_PORT=_closed_port(), ALLOWED_HOSTS=["testserver"]):  # nothing listens: down
        for n in range(reports):
            staff = another(council, Role.STAFF, f"Reporter {n}")
            type(staff).objects.filter(pk=staff.pk).update(line_manager=manager)
            staff.refresh_from_db()
            incident = draft_incident(reporter=staff, council=council)
            client = Client()
            client.force_login(staff, backend="allauth.account.auth_backends.AuthenticationBackend")
            response = client.post(reverse("incidents:report_check", kwargs={"id": incident.pk}))
            confirmed += (response.status_code == 302 and client.get(response.url).status_code == 200
                          and Incident.objects.get(pk=incident.pk).status == Incident.Status.SUBMITTED)
    waiting = StaffEmail.objects.filter(council=council, status=StaffEmail.Status.PENDING).count()
    with SmtpSink() as sink, override_settings(**smtp, EMAIL_PORT=sink.port):
        with time_machine.travel(timezone.now() + timedelta(minutes=30), tick=False):  # past the back-off
            first = staff_emails_deliver_due()
            second = staff_emails_deliver_due()
        delivered = len(sink.messages)
        ids = [m["Message-ID"] for m in sink.messages]
    result.figures.update({"reports submitted while SMTP was down": reports, "reporters shown the confirmation": confirmed,
                           "emails waiting in the outbox": waiting, "sent when SMTP was back": first,
                           "sent by a second run": second, "messages the server received": delivered,
                           "duplicate Message-IDs": len(ids) - len(set(ids))})
    result.expect(confirmed == reports, f"only {confirmed} of {reports} reporters saw the confirmation")
    result.expect(waiting >= reports, f"{waiting} emails waiting for {reports} reports")
    result.expect(delivered == first == waiting and second == 0, "emails were lost or sent twice")
    audit_verifies(result)
    return result
