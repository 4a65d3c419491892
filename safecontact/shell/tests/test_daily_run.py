"""The daily run: every step runs, counts are recorded, a failing step is reported without stopping the others."""

from datetime import date

import pytest
from django.core.management import call_command

from safecontact.core.models import DailyRun
from safecontact.shell import jobs


def test_run_records_counts_and_a_second_run_does_nothing(db):
    first = jobs.run_daily(today=date(2026, 11, 23))
    assert first.status == DailyRun.Status.SUCCEEDED and first.errors == []
    assert {key.split(".")[0] for key in first.counts} >= {"reviews", "policy", "retention"}
    second = jobs.run_daily(today=date(2026, 11, 23))
    assert second.total == 0 and jobs.ran_today(today=date(2026, 11, 23))


def test_a_failing_step_is_recorded_and_the_others_still_run(db, monkeypatch):
    calls = []

    def boom(*, today):
        raise RuntimeError("Jane Smith, 1 High Street")  # a message that must not reach the record

    def fine(*, today):
        calls.append(today)
        return {"done": 2}

    monkeypatch.setattr(jobs, "daily_steps", lambda: [("first", f"{__name__}.boom"), ("second", f"{__name__}.fine")])
    monkeypatch.setitem(globals(), "boom", boom)
    monkeypatch.setitem(globals(), "fine", fine)
    run = jobs.run_daily(today=date(2026, 11, 23))
    assert run.status == DailyRun.Status.FAILED and run.errors == ["first: RuntimeError"]
    assert run.counts == {"second.done": 2} and calls == [date(2026, 11, 23)]
    assert not jobs.ran_today(today=date(2026, 11, 23))


def test_command_runs_once_for_a_given_day(db, capsys):
    call_command("run_daily", "--date", "2026-11-23")
    assert "Daily run for 23 November 2026 finished" in capsys.readouterr().out
    assert DailyRun.objects.get().run_on == date(2026, 11, 23)


def test_the_worker_task_runs_the_same_jobs(db):
    from safecontact.shell.tasks import run_daily_task

    run_daily_task.call()
    assert DailyRun.objects.get().trigger == DailyRun.Trigger.WORKER


@pytest.mark.parametrize("role_ok", [True])
def test_daily_runs_page(db, user_with_role, client_for, role_ok):
    from safecontact.access.policy import Role

    jobs.run_daily(today=date(2026, 11, 23))
    page = client_for(user_with_role(Role.DPO)).get("/daily-runs/")
    assert page.status_code == 200 and "23 Nov 2026" in page.content.decode()


def partly(*, today):
    return {"done": 1, "errors": 2}


class GaveUpError(Exception):
    counts = {"done": 3}


def gave_up(*, today):
    raise GaveUpError()


def test_records_that_failed_inside_a_step_mark_the_run_failed(db, monkeypatch):
    monkeypatch.setattr(jobs, "daily_steps", lambda: [("partly", f"{__name__}.partly"), ("gave_up", f"{__name__}.gave_up")])
    run = jobs.run_daily(today=date(2026, 11, 23))
    assert run.status == DailyRun.Status.FAILED
    assert run.errors == ["partly: 2 records failed", "gave_up: GaveUpError"]
    assert run.counts == {"partly.done": 1, "gave_up.done": 3}
