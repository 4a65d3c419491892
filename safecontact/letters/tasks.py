"""Background work: process the outbox (also `manage.py send_letters`, for cron)."""

from django_tasks import task


@task()
def deliver_letters() -> int:
    from safecontact.letters.services.outbox import letters_deliver_due

    return letters_deliver_due()
