"""The audit trail: append-only, one hash chain per council.

Rows carry identifiers and event types only, never names, dates of birth, addresses or search
text, so retention never has to alter an audit row. On PostgreSQL a trigger refuses UPDATE and
DELETE (migration 0002); the code has no path that changes a row.
"""

import uuid

from django.db import models


class AuditEvent(models.Model):
    class ActorType(models.TextChoices):
        USER = "user", "User"
        API_CLIENT = "api_client", "API client"
        SYSTEM = "system", "System"
        ANONYMOUS = "anonymous", "Anonymous"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    chain = models.CharField(max_length=40, help_text="The council's id, or 'system' for events with no council.")
    seq = models.PositiveBigIntegerField()
    council_id = models.UUIDField(null=True, blank=True, db_index=True)
    occurred_at = models.DateTimeField()
    actor_type = models.CharField(max_length=20, choices=ActorType.choices)
    actor_id = models.UUIDField(null=True, blank=True)
    event_type = models.CharField(max_length=80)  # no choices on purpose: see events.py
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_event_unique_seq_per_chain")]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "occurred_at"], name="audit_subject_time"),
            models.Index(fields=["actor_id", "occurred_at"], name="audit_actor_time"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.seq}"


class AuditChainHead(models.Model):
    """The last link of each chain; locked while a new event is appended."""

    chain = models.CharField(max_length=40, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"{self.chain} at {self.seq}"
