"""Appeals against a warning, restriction or marker, heard by an officer who had no part in the case
(domain d.7, R68-R73)."""

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Decision
from safecontact.core.models import BaseModel
from safecontact.incidents.models import Incident
from safecontact.letters.models import Letter
from safecontact.people.models import Person
from safecontact.register.models import Measure


class Appeal(BaseModel):
    class Status(models.TextChoices):
        RECEIVED = "received", "Received, awaiting an appeals officer"
        ASSIGNED = "assigned", "With an appeals officer"
        DECIDED = "decided", "Decided"

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online form"

    class Ground(models.TextChoices):
        WRONGLY_IDENTIFIED = "wrongly_identified", "I have been wrongly identified"
        DISPROPORTIONATE = "disproportionate", "The measure is disproportionate"
        PERSONAL_CIRCUMSTANCES = "personal_circumstances", "The impact of my personal circumstances or disability"
        FACTUAL_INACCURACY = "factual_inaccuracy", "The facts are wrong"
        OTHER = "other", "Another reason"

    class Outcome(models.TextChoices):
        # Complaint usage: "upheld" means the appellant wins. Until December 2026 the value "upheld" meant the
        # opposite (the decision stays): migration 0004 moved those rows to "not_upheld", and no code writes "upheld"
        # now, so an old audit event's "upheld" can only mean "not upheld".
        OVERTURNED = "overturned", "Upheld: the decision is withdrawn"
        VARIED = "varied", "Partly upheld: the decision is changed"
        NOT_UPHELD = "not_upheld", "Not upheld: the decision stays as it is"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appeals")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="The formal warning appealed, when it is not a measure")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="The report whose informal warning is appealed")
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="The letter appealed")
    received_on = models.DateField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    grounds = models.JSONField(default=list)
    grounds_detail = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="Empty when the customer appealed online")
    appeal_by = models.DateField(null=True, blank=True, help_text="Last day of the appeal window")
    is_late = models.BooleanField(default=False)
    decision_due = models.DateField()
    appeals_officer = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals_assigned")
    assigned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    changed_terms = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    acknowledgement_letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    outcome_letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decision_due", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="appeal_unique_reference_per_council"),
            # One online appeal per letter: its appeal code works once (appeals.services.appeal_submit_public).
            models.UniqueConstraint(fields=["letter"], condition=Q(channel="online"), name="appeal_one_online_appeal_per_letter"),
            models.CheckConstraint(condition=Q(measure__isnull=False) | Q(decision__isnull=False) | Q(incident__isnull=False),
                                   name="appeal_is_against_something"),
            models.CheckConstraint(condition=~Q(status="decided") | (~Q(outcome="") & Q(decided_at__isnull=False)),
                                   name="appeal_decided_has_outcome"),
        ]
        indexes = [models.Index(fields=["council", "status"], name="appeal_council_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def against(self) -> str:
        if self.measure_id:
            return self.measure.get_kind_display()  # type: ignore[union-attr]
        return "Formal warning" if self.decision_id else "Informal warning"

    @property
    def is_against_warning(self) -> bool:
        return self.measure_id is None

    def grounds_display(self) -> list[str]:
        labels = dict(self.Ground.choices)
        return [labels.get(g, g) for g in self.grounds]


class AppealDocument(BaseModel):
    """Evidence the customer sent: stored outside the web root, like incident attachments."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="appeals/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.original_name
