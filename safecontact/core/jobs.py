"""The daily jobs: review reminders and escalations, lapsing unconfirmed interim markers (and opening their
clear-everywhere checklists), reconsidering decisions not to tell the customer, the policy's annual review,
retention disposal.

`manage.py run_daily` runs them once (for cron or a systemd timer); the background worker runs the
same function as a task, enqueued by `manage.py run_daily --schedule` (which `make demo` starts).
Every step is idempotent and works record by record in its own transactions, so running twice does
nothing the second time and an interrupted run leaves nothing half done: the next run picks up.
Steps are named by dotted path so this module imports no later app (core comes first).
"""

from __future__ import annotations

import logging
from datetime import date

from django.utils import timezone
from django.utils.module_loading import import_string

from safecontact.core.models import DailyRun

logger = logging.getLogger(__name__)

DAILY_STEPS: list[tuple[str, str]] = [
    ("reviews", "safecontact.reviews.services.reviews_daily"),
    ("interim_lapse", "safecontact.governance.services.interim_lapse_daily"),
    ("notify_reconsider", "safecontact.letters.services.reconsider.notify_reconsider_daily"),
    ("policy", "safecontact.policies.services.policies_daily"),
    ("retention", "safecontact.retention.services.retention_sweep"),
    ("audit_checkpoint", "safecontact.audit.checkpoints.audit_checkpoints_daily"),
    ("rate_limits", "safecontact.core.ratelimit.rate_limits_prune"),
]


def run_daily(*, today: date | None = None, trigger: str = DailyRun.Trigger.COMMAND) -> DailyRun:
    from safecontact.audit.events import EventType
    from safecontact.audit.services import audit_record

    today = today or timezone.localdate()
    run = DailyRun.objects.create(run_on=today, trigger=trigger, started_at=timezone.now())
    counts: dict[str, int] = {}
    errors: list[str] = []
    for name, path in DAILY_STEPS:
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
    today = today or timezone.localdate()
    return DailyRun.objects.filter(run_on=today).exclude(status=DailyRun.Status.FAILED).exists()
