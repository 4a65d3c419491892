"""For tests elsewhere: run the sender as the worker would. Emails are rows in the outbox until it runs; in tests
the immediate task backend runs it when a captured on-commit callback fires."""

from datetime import datetime

from django.core import mail

from safecontact.notifications.outbox import staff_emails_deliver_due


def send_staff_emails(*, now: datetime | None = None) -> int:
    """Send every due email to staff into Django's test outbox (mail.outbox). Returns how many."""
    return staff_emails_deliver_due(now=now)


def forget_staff_emails_so_far() -> None:
    """Send what set-up queued and empty the test outbox, so the test sees only the emails of what it does next."""
    staff_emails_deliver_due()
    mail.outbox.clear()
