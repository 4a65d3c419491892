import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from safecontact.core.exceptions import DATABASE_UNAVAILABLE_ERRORS
from safecontact.core.worker import reset_connections
from safecontact.shell.jobs import Schedule, run_daily, schedule_tick

TICK_SECONDS = 15  # how often the scheduler wakes to run the sweeps that are due (PERIODIC_SWEEPS in the apps' contributions)


class Command(BaseCommand):
    help = ("Run the daily jobs once: review reminders and escalations, the policy review reminder, retention disposal. "
            "With --schedule, stay running: hand the day's run to the background worker once a day (again if a dead "
            "process left it unfinished) and run the periodic sweeps (the letters outbox) every few minutes.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="Run as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--schedule", action="store_true", help="Enqueue the run for the worker once a day, forever")
        parser.add_argument("--interval", type=int, default=600, help="With --schedule: seconds between looks at the day's run (default 600)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            return self._schedule(options["interval"])
        run = run_daily(today=options["date"])
        for key, value in sorted(run.counts.items()):
            self.stdout.write(f"  {key:<44} {value}")
        if run.errors:
            self.stderr.write(self.style.ERROR("Errors: " + "; ".join(run.errors)))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"Daily run for {run.run_on:%d %B %Y} finished: {run.total} records."))

    def _schedule(self, interval: int) -> None:
        schedule = Schedule(daily_every=interval)
        while True:
            close_old_connections()
            try:
                for line in schedule_tick(schedule):
                    self.stdout.write(line)
            except DATABASE_UNAVAILABLE_ERRORS as error:  # a database restart must not end the scheduler
                self.stderr.write(f"Database unavailable ({type(error).__name__}); trying again in {TICK_SECONDS} s.")
                reset_connections()
            time.sleep(min(interval, TICK_SECONDS))
