"""The Governance Group (domain roles row 5, lifecycle stage 11, R60-R61): its meetings, the agenda
items each meeting decides (remove or retain, with reasons) and, for every ended entry (removal, appeal
overturned, interim lapse), the checklist of the places where the flag was copied, ticked off by their owners."""

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel
from safecontact.letters.models import Letter
from safecontact.register.models import Measure


class ExternalSystem(BaseModel):
    """Managed list: where a flag may have been copied (CRM marker, email block, building pass list…).
    Rows without a council are the defaults every council starts with; a council may add its own."""

    council = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=160)
    owner = models.CharField(max_length=160, blank=True, help_text="Who clears it, e.g. 'ICT service desk'")
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label


class Meeting(BaseModel):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    held_on = models.DateField(help_text="Date of the meeting")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    members_present = models.ManyToManyField(User, blank=True, related_name="+")
    notes = models.TextField(blank=True, help_text="Apologies, other business (no personal data)")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    agenda_built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["council", "reference"], name="governance_meeting_unique_reference")]

    def __str__(self) -> str:
        return self.reference


class AgendaItem(BaseModel):
    class Reason(models.TextChoices):
        RECOMMENDED_REMOVAL = "recommended_removal", "Review recommended removal"
        REVIEW_OVERDUE = "review_overdue", "Review overdue"
        LONG_LIVED = "long_lived", "Live longer than the council's limit"
        CARRIED_FORWARD = "carried_forward", "Not decided at an earlier meeting"

    class Decision(models.TextChoices):
        REMOVE = "remove", "Remove from the register"
        RETAIN = "retain", "Retain on the register"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="governance_items")
    reason = models.CharField(max_length=30, choices=Reason.choices, help_text="The main reason it is listed")
    other_reasons = models.JSONField(default=list, blank=True, help_text="Further reasons it would be listed")
    review = models.ForeignKey("reviews.Review", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    removal_letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "measure"], name="governance_item_once_per_meeting"),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_by__isnull=False, decided_at__isnull=False) & ~Q(decision_reasons=""),
                name="governance_item_decision_has_reasons_and_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} at {self.meeting}"

    @property
    def reasons_display(self) -> list[str]:
        return [self.Reason(code).label for code in [self.reason, *self.other_reasons] if code in self.Reason.values]


class ChecklistTask(BaseModel):
    """One place an ended entry's flag must be cleared: an external system, or a partner holding a copy. The
    checklist belongs to the entry, whatever ended it (Governance Group removal, appeal overturned, interim
    lapse); `item` names the Governance Group decision when that was the ending."""

    class Status(models.TextChoices):
        PENDING = "pending", "To do"
        DONE = "done", "Removed"
        NOT_NEEDED = "not_needed", "Not held there"

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="clearance_tasks")
    item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="checklist")
    system = models.ForeignKey(ExternalSystem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     help_text="A partner body or contractor the entry was shared with")
    label = models.CharField(max_length=200)
    owner = models.CharField(max_length=160, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    done_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "label"]
        constraints = [
            models.CheckConstraint(condition=Q(status="pending") | Q(done_by__isnull=False, done_at__isnull=False),
                                   name="governance_checklist_done_has_who_and_when"),
            # An entry's checklist is opened once: one line per system and one per partner, whatever ended it.
            models.UniqueConstraint(fields=["measure", "system"], condition=Q(system__isnull=False),
                                    name="governance_checklist_once_per_system"),
            models.UniqueConstraint(fields=["measure", "organisation"], condition=Q(organisation__isnull=False),
                                    name="governance_checklist_once_per_partner"),
        ]

    def __str__(self) -> str:
        return self.label
