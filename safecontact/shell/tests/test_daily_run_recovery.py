"""A daily run left "running" by a dead process is stopped and the day resumed, the same day; a live run is never
duplicated. The scheduler runs the periodic sweeps and survives the database going away."""

import subprocess
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone

from safecontact.audit.models import AuditEvent
from safecontact.core.models import DailyRun
from safecontact.core.processes import HOST, process_owner
from safecontact.shell import jobs
from safecontact.shell.management.commands import run_daily as run_daily_command
from safecontact.shell.tasks import run_daily_task


@pytest.fixture(autouse=True)
def quick_day(monkeypatch):
    """One quick step: what is tested here is when the day runs, not what each step does (test_daily_run.py)."""
    monkeypatch.setattr(jobs, "daily_steps", lambda: [("rate_limits", "safecontact.core.ratelimit.rate_limits_prune")])


def dead_owner() -> str:
    child = subprocess.Popen(["true"])  # noqa: S607 - a process that ends at once, to get an id no process has
    child.wait()
    return f"{HOST}:{child.pid}:gone"


def left_running(owner: str, *, heartbeat_ago: timedelta = timedelta(0)) -> DailyRun:
    now = timezone.now()
    return DailyRun.objects.create(run_on=timezone.localdate(), trigger=DailyRun.Trigger.WORKER, started_at=now - heartbeat_ago,
                                   heartbeat_at=now - heartbeat_ago, owner=owner, counts={"reviews.reminded": 2})


def test_a_run_left_by_a_dead_process_is_stopped_and_the_day_runs_again(db):
    stale = left_running(dead_owner())
    run_daily_task.call()
    stale.refresh_from_db()
    assert stale.status == DailyRun.Status.STOPPED and stale.finished_at and stale.errors == [jobs.STOPPED_MESSAGE]
    resumed = DailyRun.objects.exclude(pk=stale.pk).get()
    assert resumed.run_on == stale.run_on and resumed.status == DailyRun.Status.SUCCEEDED
    assert resumed.owner.startswith(f"{HOST}:") and resumed.heartbeat_at
    event = AuditEvent.objects.get(event_type="daily_run.stopped")
    assert event.subject_id == str(stale.pk)


def test_a_run_silent_for_longer_than_the_lease_is_stopped_wherever_it_ran(db):
    stale = left_running("another-host:42:abc", heartbeat_ago=jobs.DAILY_RUN_LEASE + timedelta(minutes=1))
    assert [run.pk for run in jobs.daily_runs_stop_stale()] == [stale.pk]
    assert jobs.daily_runs_stop_stale() == []  # once


def test_a_live_run_is_not_duplicated(db):
    left_running(process_owner())  # this process: alive, and its heartbeat is fresh
    left_running("another-host:42:abc", heartbeat_ago=timedelta(minutes=20))
    assert run_daily_task.call() == {}
    assert DailyRun.objects.count() == 2 and not DailyRun.objects.exclude(status=DailyRun.Status.RUNNING).exists()


def test_a_finished_day_is_not_run_again_by_a_requeued_task(db):
    jobs.run_daily()
    assert run_daily_task.call() == {} and DailyRun.objects.count() == 1


def test_the_scheduler_hands_over_the_day_once_and_resumes_a_stopped_run(db):
    # The test settings run tasks at once, so "handed to the worker" means the run has happened.
    schedule = jobs.Schedule(daily_every=600)
    assert "handed to the worker" in jobs.schedule_tick(schedule, now=0)[-1]
    assert jobs.schedule_tick(schedule, now=700) == []  # it ran today
    DailyRun.objects.all().delete()
    left_running(dead_owner())
    assert "resumed" in jobs.schedule_tick(schedule, now=1400)[-1]
    assert list(DailyRun.objects.values_list("status", flat=True).order_by("status")) == ["stopped", "succeeded"]


def test_periodic_sweeps_run_at_their_interval_and_one_failure_does_not_stop_the_others(monkeypatch):
    calls = []
    monkeypatch.setattr(jobs, "periodic_sweeps", lambda: [("broken", f"{__name__}.broken_sweep", 60), ("fine", f"{__name__}.fine_sweep", 120)])
    monkeypatch.setitem(globals(), "fine_sweep", lambda: calls.append("fine") or {"sent": 2, "failed": 1})
    ran_at: dict[str, float] = {}
    assert jobs.run_due_sweeps(ran_at, now=1000) == {"fine": 3}
    assert jobs.run_due_sweeps(ran_at, now=1061) == {}  # broken is due again, fine is not
    assert jobs.run_due_sweeps(ran_at, now=1121) == {"fine": 3} and calls == ["fine", "fine"]


def broken_sweep() -> int:
    raise OperationalError("the database system is starting up")


def test_the_letters_outbox_is_a_periodic_sweep():
    assert ("letters", "safecontact.letters.services.outbox.letters_deliver_due") in [sweep[:2] for sweep in jobs.periodic_sweeps()]


class StopLoopError(Exception):
    pass


def test_the_scheduler_carries_on_after_a_database_error(monkeypatch, capsys):
    ticks = []

    def tick(schedule):  # type: ignore[no-untyped-def]
        ticks.append(schedule)
        if len(ticks) == 1:
            raise OperationalError("the database system is starting up")
        return ["Swept letters: 1"]

    def sleep(seconds):  # type: ignore[no-untyped-def]
        if len(ticks) == 2:
            raise StopLoopError

    monkeypatch.setattr(run_daily_command, "schedule_tick", tick)
    monkeypatch.setattr(run_daily_command, "close_old_connections", lambda: None)
    monkeypatch.setattr(run_daily_command, "reset_connections", lambda: None)
    monkeypatch.setattr(run_daily_command.time, "sleep", sleep)
    with pytest.raises(StopLoopError):
        run_daily_command.Command()._schedule(600)
    out, err = capsys.readouterr()
    assert "Database unavailable (OperationalError)" in err and "Swept letters: 1" in out and ticks[0] is ticks[1]
