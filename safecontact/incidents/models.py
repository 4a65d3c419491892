"""Incident reports: what happened, told by the member of staff, councillor, contractor or partner it
happened to. Facts are kept apart from opinion; exact words are their own field."""

from django.db import models

from safecontact.accounts.models import Organisation, Team, User
from safecontact.core.models import BaseModel
from safecontact.people.models import Address, Person


class BehaviourCategory(BaseModel):
    """The managed list of behaviours (domain d.8). Council-less rows are the defaults every council gets."""

    council = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(max_length=80)
    label = models.CharField(max_length=160)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label


class Incident(BaseModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting triage"
        CLOSED = "closed", "Closed"
        WARNING_RECORDED = "warning_recorded", "Informal warning recorded"
        REFERRED = "referred", "Referred to a decision-maker"
        DECIDED = "decided", "Decided"

    class Channel(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        WEB_FORM = "web_form", "Web form"
        SOCIAL_MEDIA = "social_media", "Social media"
        HOME_VISIT = "home_visit", "Home visit"
        PUBLIC_MEETING = "public_meeting", "Public meeting"
        OTHER = "other", "Other"

    class Identity(models.TextChoices):
        KNOWN_ACCOUNT = "known_account", "Known to us (existing account or record)"
        ID_SEEN = "id_seen", "Identification seen"
        WITNESS_ONLY = "witness_only", "Named by a witness only"
        NOT_CONFIRMED = "not_confirmed", "Not confirmed"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="incidents")
    reference = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    reporter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="incidents_reported")
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Who reported, as the policy distinguishes them ("member" for councillors, domain R7).
    reporter_kind = models.CharField(max_length=20, blank=True)
    recorded_on_behalf = models.BooleanField(default=False)
    triage_due_on = models.DateField(null=True, blank=True, help_text="Submission date plus the council's triage target in working days")
    # When and where
    occurred_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    location = models.CharField(max_length=300, blank=True, help_text="Premises, address as typed, or 'by phone'")
    location_postcode = models.CharField(max_length=10, blank=True)
    # What happened
    categories = models.ManyToManyField(BehaviourCategory, blank=True, related_name="+")
    account = models.TextField(blank=True, help_text="Facts: what happened, in order")
    exact_words = models.TextField(blank=True)
    reporter_opinion = models.TextField(blank=True, help_text="Your view or assessment, kept apart from the facts")
    immediate_action = models.JSONField(default=list, blank=True)
    immediate_action_detail = models.TextField(blank=True)
    police_called = models.BooleanField(default=False)
    crime_reference = models.CharField(max_length=60, blank=True)
    injury = models.BooleanField(default=False)
    damage = models.BooleanField(default=False)
    injury_detail = models.TextField(blank=True)
    riddor_flag = models.BooleanField(default=False, help_text="Possibly RIDDOR-reportable: Health and Safety to review")
    # Who: as reported; an officer links the record to a Person
    subject_not_known = models.BooleanField(default=False)
    subject_given_names = models.CharField(max_length=200, blank=True)
    subject_family_name = models.CharField(max_length=200, blank=True)
    subject_aliases = models.CharField(max_length=300, blank=True)
    subject_date_of_birth = models.DateField(null=True, blank=True)
    subject_approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    subject_address = models.CharField(max_length=300, blank=True)
    subject_postcode = models.CharField(max_length=10, blank=True)
    subject_contact = models.CharField(max_length=300, blank=True)
    identity_confirmation = models.CharField(max_length=20, choices=Identity.choices, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents")
    others_involved = models.TextField(blank=True, help_text="Staff affected and others present (restricted)")
    witnesses = models.TextField(blank=True)
    reporter_wants_support = models.BooleanField(default=False)
    # Recorded on behalf of a partner or the police
    source_organisation = models.CharField(max_length=200, blank=True)
    sharing_conditions = models.TextField(blank=True)
    legal_hold = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["council", "reference"], condition=~models.Q(reference=""), name="incident_unique_reference_per_council"
            ),
        ]
        indexes = [models.Index(fields=["council", "status"], name="incident_council_status")]

    def __str__(self) -> str:
        return self.reference or "Draft incident"


class Attachment(BaseModel):
    """Evidence (photos, emails, recordings): stored outside the web root, served only by an
    access-checked, audited view."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return self.original_name


class Triage(BaseModel):
    """The manager's look at a report, with the LGSCO checklist (domain c.2 stage 3)."""

    class Outcome(models.TextChoices):
        CLOSE = "close", "Close with reasons"
        INFORMAL_WARNING = "informal_warning", "Record an informal warning"
        REFER = "refer", "Refer to a decision-maker"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="triage")
    manager = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    complaint_handled_properly = models.BooleanField(null=True)
    communication_adequate = models.BooleanField(null=True)
    new_information = models.BooleanField(null=True)
    other_route = models.CharField(max_length=300, blank=True, help_text="Another route such as a statutory appeal")
    possible_disability_or_need = models.BooleanField(null=True)
    adjustment_offered = models.CharField(max_length=300, blank=True, help_text="Adjustment, meeting, mediation or advocacy offered")
    offer_outcome = models.CharField(max_length=300, blank=True, help_text="What came of the offer (domain R76)")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = models.TextField()
    warning_given_by = models.CharField(max_length=200, blank=True)
    warning_given_on = models.DateField(null=True, blank=True)
    warning_what_was_said = models.TextField(blank=True)
    # An informal warning overturned on appeal stops counting at once (services_triage.informal_warning_withdraw).
    warning_withdrawn_at = models.DateTimeField(null=True, blank=True)
    warning_withdrawn_reason = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Triage of {self.incident}"


class ReferenceCounter(models.Model):
    """The last number handed out for one council, prefix (INC, CASE) and year. Locked with
    select_for_update while a reference is allocated, so references are gap-free and unique on
    SQLite and PostgreSQL alike."""

    council = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["council", "prefix", "year"], name="reference_counter_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last_number}"
