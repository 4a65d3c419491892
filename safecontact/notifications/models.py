"""The outbox of emails to staff (notifications, reminders, escalations). A row is written in the transaction
that causes the email, so the email exists exactly when the event does; the worker sends it and marks it sent
only after the email server accepted it (notifications/outbox.py). Subject and link only, never personal data."""

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation
from safecontact.core.models import BaseModel


class StaffEmail(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Names the event the email is about (for example "review-reminder:<id>"): one event, one email, however
    # many times the code that causes it runs. Also sent as the Message-ID's basis through the row's id.
    key = models.CharField(max_length=200, unique=True)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="staff_email_outbox")]
        constraints = [
            models.CheckConstraint(condition=~Q(status="sent") | Q(sent_at__isnull=False), name="staff_email_sent_has_sent_at"),
        ]

    def __str__(self) -> str:
        return self.subject
