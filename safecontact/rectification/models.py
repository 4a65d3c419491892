"""Requests from a customer to correct, restrict or stop the use of what the register holds about them (R79; domain
E27, E28). The Data Protection Officer handles them (domain role 11). While a request is open the record is
*disputed*: the person's page, the register entry's page and the facts a decision rests on say so, and a
supplementary statement from the customer can be shown beside the record."""

from datetime import date

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel
from safecontact.incidents.models import Incident
from safecontact.letters.models import Letter
from safecontact.people.models import Person
from safecontact.register.models import Measure


class RectificationRequest(BaseModel):
    class Kind(models.TextChoices):
        # The three rights domain role 11 names. Erasure is not named there (register records are kept and
        # disposed of by the retention policy), so a request for erasure is recorded as an objection.
        RECTIFICATION = "rectification", "Correct what we hold"
        RESTRICTION = "restriction", "Restrict how we use it while it is checked"
        OBJECTION = "objection", "Object to us holding or using it"

    class Channel(models.TextChoices):
        LETTER = "letter", "Letter"
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"
        REFUSED = "refused", "Refused"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="rectification_requests")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                help_text="The register entry the customer disputes, if it is one entry")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text="The incident report the customer disputes, if it is one report")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    what_is_wrong = models.TextField(help_text="What the customer says is wrong, in their words")
    received_on = models.DateField()
    due_on = models.DateField(help_text="One calendar month after receipt (next working day if that is not one)")
    extended_due_on = models.DateField(null=True, blank=True, help_text="Up to two further months for a complex request")
    extension_reason = models.TextField(blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.OPEN)
    statement = models.TextField(blank=True, help_text="The customer's supplementary statement, shown beside the record")
    statement_added_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    correction = models.TextField(blank=True, help_text="What was corrected or restricted, when upheld")
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome_letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["due_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="rectification_unique_reference_per_council"),
            models.CheckConstraint(condition=Q(status="open") | (~Q(decision_reasons="") & Q(decided_at__isnull=False)),
                                   name="rectification_decided_has_reasons"),
            models.CheckConstraint(condition=Q(extended_due_on__isnull=True) | ~Q(extension_reason=""),
                                   name="rectification_extension_has_reason"),
        ]
        indexes = [models.Index(fields=["council", "status", "due_on"], name="rectification_council_due")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def respond_by(self) -> date:
        """The date the clock runs to: the extended date when there is one."""
        return self.extended_due_on or self.due_on  # type: ignore[return-value]

    @property
    def what_is_wrong_phrase(self) -> str:
        """For the banner's sentence ("The customer disputes this record: …, since 2 November 2026.")."""
        return self.what_is_wrong.strip().rstrip(".!;, ")

    @property
    def concerns(self) -> str:
        if self.measure_id:
            return f"Register entry {self.measure.reference}"  # type: ignore[union-attr]
        if self.incident_id:
            return f"Incident report {self.incident.reference}"  # type: ignore[union-attr]
        return "The whole customer record"
