"""The council's Unacceptable Customer Behaviour Policy, in versions (domain R1-R4).

A version is drafted, then approved by someone acting under a recorded authority (Cheltenham's
Cabinet delegated updates to the Customer Services Manager), with an effective date and a date
for its annual review. The version in force on a day is the latest approved one effective by then.
"""

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import LessThanOrEqual

from safecontact.accounts.models import Organisation, User
from safecontact.core.expressions import DaysBetween
from safecontact.core.models import BaseModel

# The seeds promise an annual review of the policy; a review date further off than a year is refused.
POLICY_REVIEW_MAX_DAYS = 366


class PolicyVersion(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="policy_versions")
    title = models.CharField(max_length=200, default="Unacceptable Customer Behaviour Policy")
    version = models.CharField(max_length=20, help_text="For example, 3.1")
    text = models.TextField(help_text="The policy itself, in Markdown")
    change_summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approval_authority = models.CharField(max_length=300, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    # Set when the daily run has told the register managers the review date passed (sent once).
    review_reminder_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_from", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="policy_version_unique_per_council"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(approved_by__isnull=False, approved_at__isnull=False, effective_from__isnull=False, next_review_due__isnull=False)
                & ~Q(approval_authority=""),
                name="policy_version_approved_is_complete",
            ),
            models.CheckConstraint(  # type: ignore[call-overload]
                condition=Q(effective_from__isnull=True) | Q(next_review_due__isnull=True)
                | Q(next_review_due__gt=F("effective_from"))
                & LessThanOrEqual(DaysBetween("next_review_due", "effective_from"), POLICY_REVIEW_MAX_DAYS),
                name="policy_version_review_within_a_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version}"
