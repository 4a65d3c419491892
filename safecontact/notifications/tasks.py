"""Background work: send emails to staff. Enqueued when an email is queued (after commit), so it goes out at once
while the email server works; the scheduler's sweep (PERIODIC_SWEEPS in the apps' contributions) sends retries as they fall
due, and `manage.py send_staff_emails` does the same by hand or from cron."""

from django_tasks import task


@task()
def deliver_staff_emails() -> int:
    from safecontact.notifications.outbox import staff_emails_deliver_due

    return staff_emails_deliver_due()
