"""Subject access requests (R78): the request and its clock, and each redaction the DPO makes in its bundle."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel
from safecontact.people.models import Person
from safecontact.subject_access.clock import MAX_EXTENSION_MONTHS, days_left


class SubjectAccessRequest(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        READY = "ready", "Ready to send"
        SENT = "sent", "Sent"
        CLOSED = "closed", "Closed"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    # CASCADE, not PROTECT: a protecting key would keep the person's record past its retention period for ever
    # (retention never disposes of a record something protects); the request goes when the person is disposed of.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="subject_access_requests")
    received_on = models.DateField()
    due_on = models.DateField(help_text="One calendar month after receipt, plus any extension")
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    extended_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    extended_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handler = models.ForeignKey(User, on_delete=models.PROTECT, related_name="subject_access_requests_handled")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="sar_unique_reference_per_council"),
            models.CheckConstraint(condition=Q(extension_months__lte=MAX_EXTENSION_MONTHS), name="sar_extension_at_most_two_months"),
            models.CheckConstraint(condition=Q(extension_months=0) | ~Q(extension_reason="") & Q(extended_at__isnull=False),
                                   name="sar_extension_has_reason"),
        ]
        indexes = [models.Index(fields=["council", "status", "due_on"], name="sar_council_status_due")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_answered(self) -> bool:
        return self.status in (self.Status.SENT, self.Status.CLOSED)

    def days_left(self, today: date) -> int:
        return days_left(self.due_on, today=today)

    def is_overdue(self, today: date) -> bool:
        return not self.is_answered and self.due_on < today


class Redaction(BaseModel):
    """One thing the DPO took out of a bundle: a whole field of one item, or every appearance of some text (in one
    item, or in every item when `item_key` is empty). The text is kept so that the bundle can be rebuilt the same
    way; it never goes into the audit trail."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(SubjectAccessRequest, on_delete=models.CASCADE, related_name="redactions")
    item_key = models.CharField(max_length=80, blank=True, help_text="Empty: every item in the bundle")
    item_title = models.CharField(max_length=200, blank=True)
    field = models.CharField(max_length=60, blank=True, help_text="Empty: the text wherever it appears")
    field_label = models.CharField(max_length=120, blank=True)
    text = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    redacted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(field="") | ~Q(text=""), name="redaction_names_field_or_text"),
            models.CheckConstraint(condition=~Q(reason=""), name="redaction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Redaction in {self.request}"
