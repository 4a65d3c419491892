"""Letters to customers: per-council wording (versioned), the letters themselves (immutable PDFs once
issued) and their delivery state. The outbox is the `Letter` row itself: a letter is claimed for a
short lease, sent, and marked sent, so a crash never loses a letter and never needs a second copy."""

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Decision
from safecontact.core.models import BaseModel
from safecontact.incidents.models import Incident
from safecontact.people.models import Person, PersonAddress
from safecontact.register.models import Measure


class Event(models.TextChoices):
    INFORMAL_WARNING = "informal_warning", "Informal warning confirmation"
    FORMAL_WARNING = "formal_warning", "Formal warning"
    CONTACT_RESTRICTION = "contact_restriction", "Contact restriction notice"
    SAFETY_MARKER = "safety_marker", "Safety marker notification"
    REVIEW_OUTCOME = "review_outcome", "Review outcome"
    REMOVAL = "removal", "Removal from the register"
    APPEAL_ACKNOWLEDGEMENT = "appeal_acknowledgement", "Appeal acknowledgement"
    APPEAL_OUTCOME = "appeal_outcome", "Appeal outcome"
    # Issue 17 (R79): the answer to a request to correct, restrict or stop using records (rectification app).
    RECTIFICATION_OUTCOME = "rectification_outcome", "Outcome of a request to correct records"


class LetterSettings(BaseModel):
    """Letter configuration that is not in accounts.CouncilSettings."""

    council = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="letter_settings")
    is_landlord = models.BooleanField(default=True, help_text="The council is a social landlord: letters signpost the Housing Ombudsman too")
    policy_url = models.URLField(blank=True, help_text="Where the current Unacceptable Customer Behaviour Policy is published")
    from_email = models.EmailField(blank=True, help_text="Sender for letters sent by email")

    class Meta:
        verbose_name_plural = "letter settings"

    def __str__(self) -> str:
        return f"Letter settings for {self.council}"


class LetterTemplateVersion(BaseModel):
    """A council's own wording for one event. The newest activated version is in use; without one,
    the default file in letters/templates/letters/defaults/ is."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(max_length=40, choices=Event.choices)
    version = models.PositiveIntegerField()
    body = models.TextField()
    note = models.CharField(max_length=300, blank=True, help_text="What changed and why")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    previewed_at = models.DateTimeField(null=True, blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["event", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["council", "event", "version"], name="letter_template_unique_version"),
            models.CheckConstraint(condition=Q(activated_at__isnull=True) | Q(previewed_at__isnull=False),
                                   name="letter_template_previewed_before_use"),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} v{self.version}"


class Letter(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        POSTED = "posted", "Posted"

    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        NOTIFY = "notify", "GOV.UK Notify (printed and posted)"
        POST = "post", "Posted by the council"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reference = models.CharField(max_length=20)
    # Printed on the letter; with the reference it lets the customer appeal online without an account.
    verification_code = models.CharField(max_length=12)
    event = models.CharField(max_length=40, choices=Event.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="letters")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="letters")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # The report an informal warning was recorded on (its confirmation letter and the appeal letters about it).
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Event-specific merge values set by the service that asked for the letter (review or appeal outcome).
    extra = models.JSONField(default=dict, blank=True)
    paragraphs = models.JSONField(default=dict, blank=True, help_text="Free-text paragraphs the officer may edit")
    prepared_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    help_text="Empty when the system prepared it (an online appeal's acknowledgement)")
    large_print = models.BooleanField(default=False)
    format_note = models.CharField(max_length=200, blank=True, help_text="The customer's preferred format, when the letter was prepared")
    # Fixed when issued: never regenerated.
    template_version = models.ForeignKey(LetterTemplateVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    template_label = models.CharField(max_length=60, blank=True)
    address = models.ForeignKey(PersonAddress, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    address_text = models.TextField(blank=True)
    address_verified_on = models.DateField(null=True, blank=True)
    address_confirmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address_confirmed_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    recipient_email = models.EmailField(blank=True)
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # Outbox
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_reference = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="letter_unique_reference_per_council"),
            models.CheckConstraint(condition=Q(status="draft") | Q(issued_at__isnull=False, address_confirmed_at__isnull=False)
                                   & ~Q(pdf_sha256=""), name="letter_issued_has_pdf_and_confirmed_address"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="letter_outbox")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_issued(self) -> bool:
        return self.status != self.Status.DRAFT
