"""The daily jobs: review reminders and escalations, lapsing unconfirmed interim markers (and opening their
clear-everywhere checklists), reconsidering decisions not to tell the customer, the policy's annual review,
retention disposal.

`manage.py run_daily` runs them once (for cron or a systemd timer); the background worker runs the
same function as a task, enqueued by `manage.py run_daily --schedule` (which `make demo` starts).
Every step is idempotent and works record by record in its own transactions, so running twice does
nothing the second time and an interrupted run leaves nothing half done: the next run picks up.
Each app declares its steps in its contributions module (DAILY_STEPS, PERIODIC_SWEEPS; see core/contributions.py),
named by dotted path so a step's module is imported only when it runs.

A run records the process running it and touches `heartbeat_at` at every step. One left "running" by a process
that is gone (its process id no longer exists on this host, or it has not moved for DAILY_RUN_LEASE) is marked
stopped and the day is run again, the same day (`run_daily_if_due`, which the worker's task and the scheduler use).

The scheduler (`run_daily --schedule`) also runs PERIODIC_SWEEPS every few minutes in its own process: the letters
outboxes of letters and of emails to staff. An app adds a PeriodicSweep to its contributions to have another swept.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from safecontact.core.contributions import daily_steps, periodic_sweeps
from safecontact.core.exceptions import database_unavailable
from safecontact.core.models import DailyRun
from safecontact.core.processes import owner_is_dead, process_owner

logger = logging.getLogger(__name__)

# A run whose heartbeat (the start of its latest step) is older than this is presumed dead, wherever it ran.
DAILY_RUN_LEASE = timedelta(hours=1)
STOPPED_MESSAGE = "Stopped before it finished: the process running it ended. The day was run again."


def run_daily(*, today: date | None = None, trigger: str = DailyRun.Trigger.COMMAND) -> DailyRun:
    from safecontact.audit.events import EventType
    from safecontact.audit.services import audit_record

    today = today or timezone.localdate()
    now = timezone.now()
    run = DailyRun.objects.create(run_on=today, trigger=trigger, started_at=now, owner=process_owner(), heartbeat_at=now)
    counts: dict[str, int] = {}
    errors: list[str] = []
    for name, path in daily_steps():
        DailyRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
        try:
            result = import_string(path)(today=today)
        except Exception as error:  # one failing step must not stop the others (reminders still go out)
            logger.exception("Daily step %s failed", name)
            # The class of error and the step only: exception messages may quote personal data.
            errors.append(f"{name}: {type(error).__name__}")
            result = getattr(error, "counts", None)  # what the step did before it gave up (retention keeps going)
        result = dict(result or {})
        failed_records = int(result.pop("errors", 0) or 0)
        if failed_records:  # a step that carries on past a failing record reports how many failed
            errors.append(f"{name}: {failed_records} record{'s' if failed_records != 1 else ''} failed")
        counts.update({f"{name}.{key}": int(value) for key, value in result.items()})
    run.counts, run.errors, run.finished_at = counts, errors, timezone.now()
    run.status = DailyRun.Status.FAILED if errors else DailyRun.Status.SUCCEEDED
    run.save()
    audit_record(actor=None, event=EventType.DAILY_RUN_FINISHED, council=None, subject=run,
                 data={"status": run.status, "records": run.total, "errors": len(errors)})
    return run


def ran_today(*, today: date | None = None) -> bool:
    """A run today succeeded or is running. One that finished with errors or was stopped does not count: a
    scheduler that starts runs the day again, and one that finds a stopped run resumes it."""
    today = today or timezone.localdate()
    return DailyRun.objects.filter(run_on=today, status__in=[DailyRun.Status.SUCCEEDED, DailyRun.Status.RUNNING]).exists()


def daily_run_is_stale(run: DailyRun, *, now: datetime) -> bool:
    return owner_is_dead(run.owner) or (run.heartbeat_at or run.started_at) < now - DAILY_RUN_LEASE


def daily_runs_stop_stale(*, now: datetime | None = None) -> list[DailyRun]:
    """Mark runs left "running" by a dead process as stopped (audited), so that their day can run again."""
    from safecontact.audit.events import EventType
    from safecontact.audit.services import audit_record

    now = now or timezone.now()
    stopped = []
    for run in DailyRun.objects.filter(status=DailyRun.Status.RUNNING):
        if not daily_run_is_stale(run, now=now):
            continue
        with transaction.atomic():
            updated = DailyRun.objects.filter(pk=run.pk, status=DailyRun.Status.RUNNING, heartbeat_at=run.heartbeat_at).update(
                status=DailyRun.Status.STOPPED, finished_at=now, errors=[*run.errors, STOPPED_MESSAGE], updated_at=now)
            if not updated:  # it moved on, or someone else stopped it first
                continue
            audit_record(actor=None, event=EventType.DAILY_RUN_STOPPED, council=None, subject=run,
                         data={"run_on": run.run_on.isoformat(), "records": run.total})
        logger.warning("Daily run for %s was left running by a process that ended; marked stopped", run.run_on)
        stopped.append(run)
    return stopped


def run_daily_if_due(*, trigger: str = DailyRun.Trigger.WORKER, today: date | None = None) -> DailyRun | None:
    """Run the day unless a run today succeeded or is running now: a live run is never duplicated, a stopped one
    is resumed by running every step again (each is idempotent). None when there was nothing to do."""
    today = today or timezone.localdate()
    daily_runs_stop_stale()
    if ran_today(today=today):
        return None
    return run_daily(today=today, trigger=trigger)


def _count(result: Any) -> int:
    if isinstance(result, dict):
        return sum(value for value in result.values() if isinstance(value, int))
    return result if isinstance(result, int) else 0


def run_due_sweeps(ran_at: dict[str, float], *, now: float) -> dict[str, int]:
    """Run each periodic sweep whose interval has passed since `ran_at[name]` (monotonic seconds, updated).
    A failing sweep is logged and tried again at its next turn; it does not stop the others."""
    from safecontact.core.worker import reset_connections

    counts = {}
    for name, path, every in periodic_sweeps():
        if name in ran_at and now - ran_at[name] < every:
            continue
        ran_at[name] = now
        try:
            counts[name] = _count(import_string(path)())
        except Exception as error:  # the class only: messages may quote personal data
            logger.exception("Periodic sweep %s failed (%s)", name, type(error).__name__)
            if database_unavailable(error):
                reset_connections()
    return counts


@dataclass
class Schedule:
    """What the scheduler (`run_daily --schedule`) remembers between looks."""

    daily_every: float = 600
    enqueued_for: date | None = None
    next_daily_look: float = 0.0
    sweeps_ran_at: dict[str, float] = field(default_factory=dict)


def schedule_tick(schedule: Schedule, *, now: float | None = None, today: date | None = None) -> list[str]:
    """One look: run the sweeps that are due, and hand the day's run to the worker once a day, or again the same
    day when a dead process left it stopped. Returns what it did, for the command to print."""
    from safecontact.shell.tasks import run_daily_task

    now = time.monotonic() if now is None else now
    done = [f"Swept {name}: {count}" for name, count in run_due_sweeps(schedule.sweeps_ran_at, now=now).items() if count]
    if now < schedule.next_daily_look:
        return done
    today = today or timezone.localdate()
    resumed = [run for run in daily_runs_stop_stale() if run.run_on == today]
    if not ran_today(today=today) and (schedule.enqueued_for != today or resumed):
        run_daily_task.enqueue()
        schedule.enqueued_for = today
        done.append(f"Daily run for {today:%d %B %Y} {'resumed' if resumed else 'handed to the worker'}.")
    schedule.next_daily_look = now + schedule.daily_every
    return done
