"""Background work run by the django-tasks worker."""

from django_tasks import task


@task()
def run_daily_task() -> dict[str, int]:
    """The day's run, unless one today succeeded or is running now (the worker may run this twice: a task left by a
    dead worker is queued again, and the scheduler resumes a stopped day)."""
    from safecontact.core.models import DailyRun
    from safecontact.shell.jobs import run_daily_if_due

    run = run_daily_if_due(trigger=DailyRun.Trigger.WORKER)
    return run.counts if run is not None else {}
