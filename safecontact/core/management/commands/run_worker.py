from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from safecontact.core.processes import process_owner
from safecontact.core.worker import SupervisedWorker


class Command(DbWorkerCommand):
    help = ("Run the background worker: db_worker's options, but it survives database restarts and picks up tasks "
            "and letters left by workers that stopped (safecontact/core/worker.py).")

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        # No autoreload (a reload would stop a task half way); the worker id names this process (core/processes.py).
        parser.set_defaults(reload=False, worker_id=None)

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names, interval=options["interval"], batch=options["batch"],
            backend_name=options["backend_name"], startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"], worker_id=options["worker_id"] or process_owner(),
            excluded_queue_names=excluded,
        )
        if options["verbosity"]:
            self.stdout.write(f"Worker {worker.worker_id} started.")
        worker.configure_signals()
        worker.run()
