"""Background work for checks: signed callbacks to API clients (callbacks.py)."""

from django_tasks import task


@task()
def deliver_check_callbacks() -> int:
    from safecontact.checks.callbacks import check_callbacks_deliver_due

    return check_callbacks_deliver_due()
