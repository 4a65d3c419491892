"""The background worker, supervised: `manage.py run_worker` (what `make demo` starts; in production run it under
systemd with `Restart=always`, which covers the one thing no process can survive: being killed).

django-tasks' own `db_worker` ends on the first database error other than "database is locked" (PostgreSQL
restarting says "the database system is starting up"), and a task it was running when it died stays RUNNING for
ever. This worker claims and runs tasks exactly as `db_worker` does (it reuses its Worker class) and in addition:
- survives the database going away: it closes its connections, waits (1 s, doubling up to 30 s) and carries on;
- says it is alive: a thread writes its `WorkerHeartbeat` every HEARTBEAT_SECONDS, so a long task (the daily run)
  never makes it look dead;
- on start and every RECOVER_EVERY_SECONDS, recovers work left by workers that are gone (their process has ended on
  this host, or their heartbeat is older than WORKER_LEASE): a task in RESTARTABLE_TASKS (safe to run twice) goes
  back to the queue, at most MAX_TASK_ATTEMPTS times in all; any other is marked failed with WorkerLostError. Then
  each of RECOVERY_STEPS frees the claims such workers held (letters today), so they go out at the next sweep
  instead of after their lease.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from datetime import datetime, timedelta
from typing import Any

from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from safecontact.core.exceptions import DATABASE_UNAVAILABLE_ERRORS
from safecontact.core.models import WorkerHeartbeat
from safecontact.core.processes import owner_is_dead

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15
WORKER_LEASE = timedelta(minutes=2)
# A RUNNING task whose worker never wrote a heartbeat (django-tasks' plain db_worker) is presumed lost after this.
UNKNOWN_WORKER_LEASE = timedelta(hours=2)
RECOVER_EVERY_SECONDS = 300
MAX_TASK_ATTEMPTS = 3
BACKOFF_MAX_SECONDS = 30

# Tasks that are safe to run again from the start after a worker died part-way (each is idempotent: claims and
# conditional updates, record by record). Dotted paths, as django-tasks stores them; add yours when it qualifies.
RESTARTABLE_TASKS: set[str] = {
    "safecontact.shell.tasks.run_daily_task",
    "safecontact.letters.tasks.deliver_letters",
    "safecontact.notifications.tasks.deliver_staff_emails",
    "safecontact.register.tasks.register_import_task",  # a job takes over after 2 minutes without progress
}

# Functions `(*, is_dead) -> dict[str, int]` that free claims held by processes that are gone (core/processes.py
# names them). Dotted paths so that core imports no later app.
RECOVERY_STEPS: list[tuple[str, str]] = [
    ("letters", "safecontact.letters.services.outbox.letters_release_stale_claims"),
    ("staff_emails", "safecontact.notifications.outbox.staff_emails_release_stale_claims"),
]


class WorkerLostError(Exception):
    """Recorded on a task whose worker stopped while running it: the task may have done some of its work."""


def reset_connections() -> None:
    """After a database error: drop this thread's connections (a restarted server leaves them broken); the next
    query opens a new one. A connection inside a transaction is left to that transaction's owner."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def heartbeat(worker_id: str, *, started_at: datetime) -> None:
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"seen_at": now}, create_defaults={"started_at": started_at, "seen_at": now},
    )


class HeartbeatThread(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id, self.started_at, self.stopping = worker_id, timezone.now(), threading.Event()

    def beat(self) -> None:
        try:
            heartbeat(self.worker_id, started_at=self.started_at)
        except Exception as error:  # noqa: BLE001 - a missed beat is tried again; the lease allows several
            logger.warning("Worker heartbeat not recorded (%s)", type(error).__name__)
            reset_connections()

    def run(self) -> None:
        try:
            while not self.stopping.wait(HEARTBEAT_SECONDS):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout=5)
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:  # noqa: BLE001 - the row ages out; nothing else to do on the way out
            logger.warning("Worker heartbeat not removed on exit")


def worker_gone(owner: str, *, seen_at: datetime | None, started_at: datetime | None, now: datetime) -> bool:
    if owner_is_dead(owner):
        return True
    if seen_at is not None:
        return seen_at < now - WORKER_LEASE
    return started_at is None or started_at < now - UNKNOWN_WORKER_LEASE


def task_requeue_or_fail(row: DBTaskResult, *, reason: str, now: datetime | None = None) -> str:
    """Put a task its worker abandoned back in the queue if it is safe to run again, else mark it failed. Only if
    the row is still as it was read, so two recoverers never both act. Returns "requeued", "failed" or ""."""
    now = now or timezone.now()
    unchanged = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
    attempts = len(row.worker_ids or [])  # every claim appends its worker's id
    if row.task_path in RESTARTABLE_TASKS and attempts < MAX_TASK_ATTEMPTS:
        outcome, updated = "requeued", unchanged.update(status=TaskResultStatus.READY, started_at=None)
    else:
        lost = WorkerLostError.__qualname__
        outcome, updated = "failed", unchanged.update(
            status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
            exception_class_path=f"{WorkerLostError.__module__}.{lost}", traceback=f"{lost}: {reason}\n",
        )
    if not updated:
        return ""
    logger.warning("Task %s (%s) %s after %s attempt(s): %s", row.pk, row.task_path, outcome, attempts, reason)
    return outcome


def tasks_recover_stale(*, me: str = "", now: datetime | None = None) -> dict[str, int]:
    """Every RUNNING task whose worker is gone: requeued or failed (task_requeue_or_fail). `me` is never gone."""
    now = now or timezone.now()
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    counts = {"tasks_requeued": 0, "tasks_failed": 0}
    for row in DBTaskResult.objects.running():
        owner = row.worker_ids[-1] if row.worker_ids else ""
        if owner == me or not worker_gone(owner, seen_at=seen.get(owner), started_at=row.started_at, now=now):
            continue
        outcome = task_requeue_or_fail(row, reason=f"worker {owner or '(unknown)'} stopped while running it", now=now)
        if outcome:
            counts[f"tasks_{outcome}"] += 1
    return counts


def recover_stale_work(*, me: str = "") -> dict[str, int]:
    counts = tasks_recover_stale(me=me)
    for name, path in RECOVERY_STEPS:
        try:
            result = import_string(path)(is_dead=owner_is_dead)
        except DATABASE_UNAVAILABLE_ERRORS:
            raise
        except Exception:  # one broken step must not stop the others, nor the worker
            logger.exception("Recovery step %s failed", name)
            continue
        counts.update({f"{name}.{key}": int(value) for key, value in dict(result or {}).items()})
    gone = [worker_id for worker_id in WorkerHeartbeat.objects.values_list("worker_id", flat=True) if owner_is_dead(worker_id)]
    WorkerHeartbeat.objects.filter(Q(worker_id__in=gone) | Q(seen_at__lt=timezone.now() - timedelta(days=1))).delete()
    return counts


class SupervisedWorker(Worker):
    """django-tasks' worker with a loop that survives the database going away (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.failures = 0
        self.next_recovery = 0.0  # time.monotonic() of the next recovery; 0: at start
        self.current: Any = None  # the task being run, so a database error around it can be put right
        self.unfinished: set[Any] = set()

    def run(self) -> None:
        logger.info("Starting supervised worker %s", self.worker_id)
        if self.startup_delay and self.interval:  # as db_worker: workers started together do not poll together
            time.sleep(random.random())  # noqa: S311 - spreading start times, not a secret
        beats = HeartbeatThread(self.worker_id)
        beats.beat()
        beats.start()
        try:
            while self.running:
                try:
                    if not self.step():
                        return
                except DATABASE_UNAVAILABLE_ERRORS as error:
                    self.database_failed(error)
        finally:
            beats.stop()

    def step(self) -> bool:
        """One turn of the loop; False when the worker should stop (--batch found nothing, --max-tasks reached)."""
        close_old_connections()
        self.housekeep()
        task_result = self.fetch()
        self.failures = 0
        if task_result is not None:
            self.current = task_result.pk
            self.run_task(task_result)
            self.current = None
        elif self.batch:
            return False
        if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
            return False
        close_old_connections()
        if self.running and task_result is None:
            time.sleep(self.interval)
        return True

    def fetch(self) -> DBTaskResult | None:
        """Claim the next ready task as db_worker does: one row, locked, skipped by the other workers."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        return task_result

    def housekeep(self) -> None:
        for pk in list(self.unfinished):  # tasks of ours that a database error cut off: not left RUNNING
            row = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING).first()
            if row is not None:
                task_requeue_or_fail(row, reason="the database failed while it ran")
            self.unfinished.discard(pk)
        if time.monotonic() < self.next_recovery:
            return
        try:
            counts = recover_stale_work(me=self.worker_id)
        except DATABASE_UNAVAILABLE_ERRORS:
            raise  # the loop waits and tries again, recovery first
        except Exception:  # a bug in recovery must not stop the tasks
            logger.exception("Recovering stale work failed")
            counts = {}
        self.next_recovery = time.monotonic() + RECOVER_EVERY_SECONDS
        if any(counts.values()):
            logger.warning("Recovered work left by stopped workers: %s", counts)

    def database_failed(self, error: Exception) -> None:
        if self.current is not None:
            self.unfinished.add(self.current)
            self.current = None
        self.running_task = False
        self.failures += 1
        delay = min(BACKOFF_MAX_SECONDS, 2 ** (self.failures - 1))
        first_line = (str(error).strip().splitlines() or [""])[0][:120]
        logger.warning("Database unavailable (%s: %s); trying again in %s s", type(error).__name__, first_line, delay)
        reset_connections()
        time.sleep(delay)
