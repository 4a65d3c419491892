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

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Daily run {self.run_on:%Y-%m-%d} ({self.get_status_display()})"

    @property
    def total(self) -> int:
        return sum(v for v in self.counts.values() if isinstance(v, int))
