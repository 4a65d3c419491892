import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from safecontact.core.jobs import ran_today, run_daily


class Command(BaseCommand):
    help = ("Run the daily jobs once: review reminders and escalations, the policy review reminder, retention disposal. "
            "With --schedule, stay running and hand the day's run to the background worker once a day.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", type=date.fromisoformat, help="Run as if today were this day (YYYY-MM-DD)")
        parser.add_argument("--schedule", action="store_true", help="Enqueue the run for the worker once a day, forever")
        parser.add_argument("--interval", type=int, default=600, help="With --schedule: seconds between looks (default 600)")

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
        from safecontact.core.tasks import run_daily_task

        enqueued_for = None
        while True:
            today = date.today()
            if enqueued_for != today and not ran_today(today=today):
                run_daily_task.enqueue()
                enqueued_for = today
                self.stdout.write(f"Daily run for {today:%d %B %Y} handed to the worker.")
            time.sleep(interval)
