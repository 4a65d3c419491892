import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID keys (no guessable sequence numbers in URLs) and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class DailyRun(BaseModel):
    """One run of the daily jobs (reminders, escalations, disposal). Counts and errors only: no personal data."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Finished with errors"
        # Left "running" by a process that died (killed, out of memory, the machine restarted): the day is run again.
        STOPPED = "stopped", "Stopped before it finished"

    class Trigger(models.TextChoices):
        COMMAND = "command", "manage.py run_daily"
        WORKER = "worker", "Background worker"

    run_on = models.DateField(db_index=True)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.COMMAND)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    # Which process runs it (core/processes.py) and when it last started a step: a run whose process is gone, or
    # that has not moved for jobs.DAILY_RUN_LEASE, was stopped by something and is resumed.
    owner = models.CharField(max_length=80, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Daily run {self.run_on:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def total(self) -> int:
        return sum(v for v in self.counts.values() if isinstance(v, int))

    @property
    def named_counts(self) -> list[tuple[str, int]]:
        """What each step did, in words for the daily runs page (counts are stored under the steps' code names)."""
        return [(DAILY_STEP_WORDS.get(name) or name.replace("_", " ").capitalize(), value)
                for name, value in self.counts.items() if isinstance(value, int) and value]


# The daily steps' names as people read them; a step not listed reads as its name in words ("Rate limits").
DAILY_STEP_WORDS = {
    "reviews": "Review reminders and escalations",
    "interim_lapse": "Interim markers that lapsed",
    "notify_reconsider": "Decisions not to tell the customer, due for reconsideration",
    "policy": "Policy review reminders",
    "retention": "Records disposed of",
    "orphan_files": "Unused upload files removed",
    "import_uploads": "Old register import files removed",
    "audit_checkpoint": "Audit trail checkpoints written",
    "rate_limits": "Old rate-limit counts cleared",
    "register_changes": "Old register change-log rows cleared",
    "staff_emails": "Emails to staff sent or retried",
    "letters": "Letters sent",
}


class RateLimitCounter(models.Model):
    """How many attempts one subject made in one fixed window (core/ratelimit.py). In the database so that
    every web worker and the background worker count together. `key` is a keyed hash of the user, API
    client or network address, never the thing itself; rows are pruned by the daily run."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    # A plain id, like the audit trail's: core comes first and points at no later app. Empty where no council
    # is known yet (the public appeal page counts before it knows whose letter was quoted).
    council_id = models.UUIDField(null=True, blank=True, db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "window_start"], name="rate_limit_counter_unique_window")]
        indexes = [models.Index(fields=["window_start"], name="rate_limit_counter_window")]

    def __str__(self) -> str:
        return f"{self.scope} from {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class WorkerHeartbeat(models.Model):
    """A background worker that is alive says so every few seconds (core/worker.py). A task left RUNNING by a
    worker whose heartbeat stopped is picked up again. One row per worker process; nothing about anyone."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Worker {self.worker_id} (seen {self.seen_at:%Y-%m-%d %H:%M:%S})"
