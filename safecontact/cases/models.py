"""A case per customer groups incidents; decisions record what was decided and why."""

from django.db import models

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel
from safecontact.incidents.models import Incident
from safecontact.people.models import Person


class Case(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    incidents = models.ManyToManyField(Incident, related_name="cases")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    legal_hold = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["council", "reference"], name="case_unique_reference_per_council")]

    def __str__(self) -> str:
        return self.reference


class Decision(BaseModel):
    """Reasons, policy clause, proportionality, equality screen and access to services are required:
    the form and the service refuse a decision without them (domain R17-R27)."""

    class Outcome(models.TextChoices):
        NO_ACTION = "no_action", "No further action"
        FORMAL_WARNING = "formal_warning", "Formal warning"
        PROPOSE_RESTRICTION = "propose_restriction", "Propose a contact restriction"
        PROPOSE_MARKER = "propose_marker", "Propose a safety marker"
        PROPOSE_BOTH = "propose_both", "Propose a contact restriction and a safety marker"
        POLICE_REFERRAL = "police_referral", "Refer to the police"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    reasons = models.TextField()
    policy_clause = models.CharField(max_length=200)
    policy_version = models.CharField(max_length=40, blank=True)
    proportionality = models.TextField(help_text="Why lesser steps are not enough")
    warning_given_first = models.BooleanField(default=False)
    serious_threat_route = models.BooleanField(default=False)
    serious_threat_reason = models.TextField(blank=True)
    equality_screen = models.TextField(help_text="Disability, communication needs, reasonable adjustments considered")
    access_to_services = models.TextField(help_text="How the customer keeps access to services")
    # Formal warning details
    warning_examples = models.TextField(blank=True, help_text="Dated examples of the behaviour")
    warning_expected_change = models.TextField(blank=True)
    # A formal warning overturned on appeal stops counting at once (cases.services.formal_warning_withdraw).
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(warning_given_first=True) | models.Q(serious_threat_route=True)
                | models.Q(outcome__in=["no_action", "formal_warning", "police_referral"]),
                name="decision_restrictive_needs_warning_or_serious_threat",
            ),
            models.CheckConstraint(condition=models.Q(withdrawn_at__isnull=True) | models.Q(outcome="formal_warning"),
                                   name="decision_only_a_warning_is_withdrawn"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.case})"
