"""Retention: per-council overrides of the periods in policies.py, legal holds, and the disposal log.

None of these rows holds personal data: a legal hold points at a person or case by foreign key
(and stops them being disposed of), its reason is written by the DPO about the legal matter.
"""

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Case
from safecontact.core.models import BaseModel
from safecontact.people.models import Person
from safecontact.retention.policies import Action, RecordClass, limits_condition


class RetentionOverride(BaseModel):
    """A council's own period for one record class, within the limits in policies.py."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_class = models.CharField(max_length=30, choices=RecordClass.choices)
    months = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=500, help_text="Why the council keeps these records for a different period")
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["record_class"]
        constraints = [
            models.UniqueConstraint(fields=["council", "record_class"], name="retention_override_unique_per_council"),
            models.CheckConstraint(condition=limits_condition(), name="retention_override_within_limits"),
        ]

    def __str__(self) -> str:
        return f"{self.get_record_class_display()}: {self.months} months"


class LegalHold(BaseModel):
    """Stops disposal of a person or case and everything connected with it, until lifted."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # SET_NULL: a lifted hold does not keep its subject alive; the hold's own record stays.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="legal_holds")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="legal_holds")
    subject_kind = models.CharField(max_length=10, choices=[("person", "Person"), ("case", "Case")])
    reason = models.TextField(help_text="The claim, request or investigation that needs the records kept")
    placed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField()
    lifted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=True) | Q(case__isnull=True), name="legal_hold_on_person_or_case"),
            # Only a lifted hold may lose its subject (disposed of after the hold was lifted).
            models.CheckConstraint(condition=Q(lifted_at__isnull=False) | Q(person__isnull=False) | Q(case__isnull=False),
                                   name="legal_hold_active_has_subject"),
            models.CheckConstraint(condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False), name="legal_hold_lifted_by_someone"),
        ]
        indexes = [models.Index(fields=["council", "lifted_at"], name="legal_hold_council_active")]

    def __str__(self) -> str:
        return f"Legal hold on a {self.subject_kind}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DisposalLog(BaseModel):
    """What the sweep disposed of: the class of record, how many, what was done, and when. Never which."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    record_class = models.CharField(max_length=30, choices=RecordClass.choices)
    action = models.CharField(max_length=12, choices=Action.choices)
    count = models.PositiveIntegerField()
    disposed_on = models.DateField()

    class Meta:
        ordering = ["-disposed_on", "record_class"]
        constraints = [models.UniqueConstraint(fields=["council", "record_class", "action", "disposed_on"], name="disposal_log_one_row_per_day")]
        indexes = [models.Index(fields=["council", "disposed_on"], name="disposal_log_council_day")]

    def __str__(self) -> str:
        return f"{self.disposed_on}: {self.count} {self.record_class} {self.action}"
