"""Background work run by the django-tasks worker."""

from django_tasks import task


@task()
def run_daily_task() -> dict[str, int]:
    from safecontact.core.jobs import run_daily
    from safecontact.core.models import DailyRun

    return run_daily(trigger=DailyRun.Trigger.WORKER).counts
