"""Four senders at once on PostgreSQL (SELECT ... FOR UPDATE SKIP LOCKED): every email goes out exactly once."""

import threading

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import connection

from safecontact.notifications.models import StaffEmail
from safecontact.notifications.outbox import staff_emails_deliver_due
from safecontact.notifications.services import staff_email_queue

ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only: SQLite's in-memory test database is one connection, "
                       "so senders cannot race on it; test_outbox.py covers the claim there"),
    pytest.mark.django_db(transaction=True),
]
SENDERS, EMAILS = 4, 40


def test_senders_racing_send_each_email_once(council):
    for n in range(EMAILS):
        staff_email_queue(council=council, recipients=[f"officer{n}@testshire.gov.uk"], subject="A register entry's review is overdue",
                          path=f"/reviews/{n}/", key=f"race:{n}")
    mail.outbox.clear()  # the on-commit wake-ups (immediate backend) may already have sent some: count from here
    StaffEmail.objects.update(status="pending", sent_at=None, attempts=0)
    barrier, sent, errors = threading.Barrier(SENDERS), [0] * SENDERS, []

    def sender(i: int) -> None:
        try:
            StaffEmail.objects.exists()  # open this thread's connection before the start line
            barrier.wait(timeout=30)
            sent[i] = staff_emails_deliver_due(limit=5) + staff_emails_deliver_due() + staff_emails_deliver_due()
        except BaseException as error:  # noqa: BLE001 - reported by the assertion, not lost in the thread
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(sent) == EMAILS and len(mail.outbox) == EMAILS
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"officer{n}@testshire.gov.uk" for n in range(EMAILS))
    assert StaffEmail.objects.filter(status="sent").count() == EMAILS
