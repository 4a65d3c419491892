"""The supervised worker: a database blip does not end it, and tasks left RUNNING by a worker that is gone are put
back in the queue (when safe to run again) or marked failed."""

import subprocess
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from safecontact.core import worker
from safecontact.core.models import WorkerHeartbeat
from safecontact.core.processes import HOST, owner_is_dead, process_owner

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
RAN: list[int] = []


@task()
def remember(number: int) -> int:
    RAN.append(number)
    return number


REMEMBER = f"{__name__}.remember"


@pytest.fixture
def queue(settings, monkeypatch):
    """The database queue (the test settings run tasks at once), no real waiting, and the sleeps the worker asked for."""
    settings.TASKS = DATABASE_BACKEND
    RAN.clear()
    sleeps: list[float] = []
    monkeypatch.setattr(worker.time, "sleep", sleeps.append)
    return sleeps


def batch_worker(**overrides):  # type: ignore[no-untyped-def]
    options = {"queue_names": ["default"], "interval": 0, "batch": True, "backend_name": "default", "startup_delay": False,
               "max_tasks": None, "worker_id": process_owner(), "excluded_queue_names": []}
    return worker.SupervisedWorker(**{**options, **overrides})


def dead_owner() -> str:
    """A process of this host that has ended."""
    child = subprocess.Popen(["true"])  # noqa: S607 - a process that ends at once, to get an id no process has
    child.wait()
    return f"{HOST}:{child.pid}:gone"


def left_running(owner: str, *, started_ago: timedelta = timedelta(0), number: int = 1) -> DBTaskResult:
    """A task claimed by `owner`, which then stopped."""
    result = remember.enqueue(number)
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim(owner)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - started_ago)
    row.refresh_from_db()
    return row


@pytest.mark.django_db(transaction=True)
def test_a_database_blip_while_fetching_does_not_end_the_worker(queue, monkeypatch):
    real_get_locked = DBTaskResultQuerySet.get_locked
    calls = []

    def starting_up_once(self):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("FATAL: the database system is starting up")
        return real_get_locked(self)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", starting_up_once)
    result = remember.enqueue(7)
    busy = batch_worker()
    busy.run()
    assert RAN == [7] and len(calls) >= 2
    assert queue[0] == 1  # it waited, then carried on
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert not WorkerHeartbeat.objects.exists()  # a worker that ends removes its heartbeat


@pytest.mark.django_db(transaction=True)
def test_repeated_failures_back_off_up_to_thirty_seconds(queue, monkeypatch):
    failures = iter(range(8))

    def down(self):  # type: ignore[no-untyped-def]
        if next(failures, None) is not None:
            raise OperationalError("could not connect to server: Connection refused")
        return None

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", down)
    batch_worker().run()
    assert queue == [1, 2, 4, 8, 16, 30, 30, 30]


@pytest.mark.django_db(transaction=True)
def test_a_task_whose_result_could_not_be_recorded_is_not_left_running(queue, monkeypatch):
    monkeypatch.setattr(worker, "RESTARTABLE_TASKS", {REMEMBER})
    down = [True]  # the database goes away as the task finishes, and is back once the worker has waited
    monkeypatch.setattr(worker.time, "sleep", lambda seconds: down.clear())
    real = {name: getattr(DBTaskResult, name) for name in ("set_successful", "set_failed")}

    def recorder(name):  # type: ignore[no-untyped-def]
        def record(self, value):  # type: ignore[no-untyped-def]
            if down:
                raise OperationalError("server closed the connection unexpectedly")
            return real[name](self, value)
        return record

    for name in real:
        monkeypatch.setattr(DBTaskResult, name, recorder(name))
    result = remember.enqueue(3)
    batch_worker().run()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL and RAN == [3, 3]  # safe to run again, so it was
    assert len(row.worker_ids) == 2


def test_owner_is_dead_only_when_this_host_says_so(db):
    assert owner_is_dead(dead_owner())
    assert not owner_is_dead(process_owner())  # this process
    assert not owner_is_dead(f"{HOST}:1:init")  # alive (or not ours to see)
    assert not owner_is_dead("another-host:12345:abc")  # cannot tell: the lease decides
    assert not owner_is_dead("a1b2c3d4e5")  # django-tasks' own random worker ids


def test_a_restartable_task_left_by_a_dead_worker_is_queued_again_and_run_once_more(db, queue, monkeypatch):
    monkeypatch.setattr(worker, "RESTARTABLE_TASKS", {REMEMBER})
    row = left_running(owner := dead_owner(), number=5)
    WorkerHeartbeat.objects.create(worker_id=owner, started_at=timezone.now(), seen_at=timezone.now())
    counts = worker.recover_stale_work()
    assert not WorkerHeartbeat.objects.exists()  # a dead worker's heartbeat goes with it
    assert counts["tasks_requeued"] == 1 and counts["tasks_failed"] == 0 and counts["letters.claims_released"] == 0
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)  # inside the test's transaction
    batch_worker().run()
    row.refresh_from_db()
    assert row.status == TaskResultStatus.SUCCESSFUL and RAN == [5] and len(row.worker_ids) == 2


def test_a_task_that_is_not_safe_to_repeat_is_marked_failed(db, queue):
    row = left_running(dead_owner())
    assert worker.tasks_recover_stale() == {"tasks_requeued": 0, "tasks_failed": 1}
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED and row.finished_at is not None
    assert row.task_result.errors[0].exception_class_path == "safecontact.core.worker.WorkerLostError"
    assert RAN == []


def test_a_task_is_tried_at_most_three_times(db, queue, monkeypatch):
    monkeypatch.setattr(worker, "RESTARTABLE_TASKS", {REMEMBER})
    row = left_running("w1")
    row.claim("w2")
    row.claim(dead_owner())
    assert worker.tasks_recover_stale() == {"tasks_requeued": 0, "tasks_failed": 1}


def test_workers_on_other_hosts_are_judged_by_their_heartbeat(db, queue):
    now = timezone.now()
    silent, alive, unknown, me = (f"host-{n}:100:abc" for n in "abcd")
    WorkerHeartbeat.objects.create(worker_id=silent, started_at=now, seen_at=now - worker.WORKER_LEASE - timedelta(seconds=1))
    WorkerHeartbeat.objects.create(worker_id=alive, started_at=now, seen_at=now)
    gone = left_running(silent)
    busy = left_running(alive, started_ago=timedelta(hours=5))
    young = left_running(unknown, started_ago=timedelta(minutes=30))  # no heartbeat: django-tasks' own worker
    mine = left_running(me, started_ago=timedelta(hours=5))
    assert worker.tasks_recover_stale(me=me) == {"tasks_requeued": 0, "tasks_failed": 1}
    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses[gone.pk] == TaskResultStatus.FAILED
    assert {statuses[busy.pk], statuses[young.pk], statuses[mine.pk]} == {TaskResultStatus.RUNNING}
    left_running(unknown, started_ago=worker.UNKNOWN_WORKER_LEASE + timedelta(minutes=1))
    assert worker.tasks_recover_stale(me=me)["tasks_failed"] == 1


def test_a_heartbeat_is_recorded_and_refreshed(db):
    beats = worker.HeartbeatThread("host:1:abc")
    beats.beat()
    first = WorkerHeartbeat.objects.get().seen_at
    beats.beat()
    assert WorkerHeartbeat.objects.get().seen_at >= first
    beats.stop()  # never started: stopping only removes the row
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_run_worker_command_runs_what_is_queued(queue, capsys):
    remember.enqueue(11)
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval", "0")
    assert RAN == [11] and f"Worker {HOST}:" in capsys.readouterr().out
