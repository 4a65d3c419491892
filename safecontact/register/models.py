"""The single register: one lifecycle for two kinds of measure, safety markers and contact
restrictions. Every measure rests on a specific incident (a required foreign key)."""

from datetime import date

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from safecontact.accounts.models import Organisation, Team, User
from safecontact.cases.models import Case, Decision
from safecontact.core.expressions import DaysBetween
from safecontact.core.models import BaseModel
from safecontact.incidents.models import Incident
from safecontact.people.models import Address, Person

# Hard maximum between approval and the next review, whatever a council configures (12 months).
REVIEW_HARD_MAX_DAYS = 366
# Hard maximum life of an urgent interim safety marker (serious-threat route) unless a full decision confirms it.
# A council may set a shorter period (CouncilSettings.interim_marker_days), never a longer one.
INTERIM_HARD_MAX_DAYS = 28
RISK_DESCRIPTION_MAX = 500
LIVE_STATUSES = ("active", "under_review")


def live_filter(today: date) -> Q:
    """Entries as checks must see them: active or under review, and not an unconfirmed interim marker past its last
    day. The daily run ends those (`register.services_interim.interim_markers_lapse`); until it has run, checks
    already leave them out."""
    return Q(status__in=LIVE_STATUSES) & ~Q(origin="interim", decision__isnull=True, interim_until__lt=today)


class Precaution(BaseModel):
    """Managed list: visit in pairs, no lone visits, meet only at council offices…"""

    council = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=160)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label


class RestrictionType(BaseModel):
    """Managed list: single point of contact, written contact only, phone limits, building exclusion…"""

    council = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=160)
    rule_text = models.CharField(max_length=300, help_text="What a checker is told, e.g. 'Contact only in writing to the named officer'")
    active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label


def risk_band(impact: int | None, likelihood: int | None) -> str:
    """The council's scale (Cheltenham seed): impact 1-5 x likelihood 1-6."""
    if not impact or not likelihood:
        return ""
    score = impact * likelihood
    if score <= 6:
        return "low"
    if score <= 12:
        return "medium"
    if score <= 20:
        return "high"
    return "very high"


class Measure(BaseModel):
    class Kind(models.TextChoices):
        SAFETY_MARKER = "safety_marker", "Safety marker"
        CONTACT_RESTRICTION = "contact_restriction", "Contact restriction"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        ACTIVE = "active", "Active"
        UNDER_REVIEW = "under_review", "Under review"
        ENDED = "ended", "Ended"

    class EndedReason(models.TextChoices):
        EXPIRED = "expired", "Expired"
        REMOVED = "removed", "Removed"
        OVERTURNED = "overturned", "Overturned on appeal"
        REFUSED = "refused", "Not approved"
        LAPSED = "lapsed", "Interim marker lapsed: no decision confirmed it"

    class Origin(models.TextChoices):
        DECISION = "decision", "A decision on the customer's case"
        INTERIM = "interim", "Urgent interim marker (serious-threat route)"
        IMPORTED = "imported", "Imported from the council's earlier register"

    class Scope(models.TextChoices):
        SERVICES = "services", "Named services"
        ORGANISATION_WIDE = "organisation_wide", "Organisation-wide"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="measures")
    reference = models.CharField(max_length=20)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_APPROVAL)
    ended_reason = models.CharField(max_length=20, choices=EndedReason.choices, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    premises = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    # "person|premises" for the one-live-marker rule: a NULL-safe key both databases can make unique, per council
    # (council A's marker must never block, or reveal, council B's; see the constraint below).
    subject_key = models.CharField(max_length=80, editable=False)
    originating_incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="measures_originated")
    other_incidents = models.ManyToManyField(Incident, blank=True, related_name="measures")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    # Issue 11: an entry comes from a recorded decision (reasons, proportionality, equality screen behind it), or is an
    # urgent interim marker that lapses unless a decision confirms it, or was imported from an earlier register.
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.DECISION)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="measures")
    interim_until = models.DateField(null=True, blank=True, help_text="Last day of an unconfirmed interim marker")
    interim_reason = models.TextField(blank=True, help_text="Why waiting for a full decision would put staff at risk")
    policy_version = models.CharField(max_length=40, blank=True, help_text="The policy version the decision relied on (R2)")
    # A restriction on a customer's representative (R30, G20) is its own entry; `principal` is the customer it acts for.
    principal = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="representative_measures")
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="measures_owned")
    reasons = models.TextField()
    services = models.ManyToManyField(Team, blank=True, related_name="+", help_text="Services that need to know")
    shared_with = models.ManyToManyField(Organisation, blank=True, related_name="measures_shared",
                                         help_text="Partner bodies and contractors who see its precautions")
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_on = models.DateField(null=True, blank=True)
    identity_override_reason = models.TextField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    legal_hold = models.BooleanField(default=False)
    # Safety marker
    risk_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)])
    risk_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(6)])
    risk_description = models.TextField(blank=True, validators=[MaxLengthValidator(RISK_DESCRIPTION_MAX)])
    risk_description_author = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    precautions = models.ManyToManyField(Precaution, blank=True, related_name="+")
    advice = models.TextField(blank=True, help_text="Advice for the person checking")
    # Contact restriction
    restriction_types = models.ManyToManyField(RestrictionType, blank=True, related_name="+")
    single_point_of_contact = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deputy_contact = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    permitted_channels = models.CharField(max_length=300, blank=True)
    phone_limits = models.CharField(max_length=300, blank=True, help_text="Days, times and duration")
    premises_excluded = models.CharField(max_length=300, blank=True)
    scope = models.CharField(max_length=20, choices=Scope.choices, blank=True)
    scope_justification = models.TextField(blank=True)
    mandatory_services_route = models.TextField(blank=True, help_text="How the customer can still reach mandatory services")
    about_representative = models.BooleanField(default=False, help_text="The restriction is on a family member or representative")
    # --- Be fair (letters, appeals) --- whether the customer is told (domain R37)
    class Notify(models.TextChoices):
        NOTIFY = "notify", "Tell the customer"
        WITHHELD = "withheld", "Do not tell the customer (yet)"

    notify_decision = models.CharField(max_length=10, choices=Notify.choices, default=Notify.NOTIFY)
    notify_withheld_reasons = models.TextField(blank=True, help_text="Why telling the customer would create a risk to staff or others")
    notify_reconsider_on = models.DateField(null=True, blank=True)
    notify_decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    notify_decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="measure_unique_reference_per_council"),
            models.CheckConstraint(condition=Q(person__isnull=False) | Q(premises__isnull=False), name="measure_has_person_or_premises"),
            models.UniqueConstraint(
                fields=["council", "subject_key"], condition=Q(kind="safety_marker", status__in=LIVE_STATUSES),
                name="measure_one_live_marker_per_council_subject",
            ),
            models.CheckConstraint(  # type: ignore[call-overload]
                condition=Q(approved_on__isnull=True) | Q(review_due__isnull=True)
                | LessThanOrEqual(DaysBetween("review_due", "approved_on"), REVIEW_HARD_MAX_DAYS),
                name="measure_review_within_hard_maximum",
            ),
            # The interim route is one decision-maker's urgent act (recorded reason, 28 days at most); every other entry
            # needs two people.
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("proposed_by"))
                                   | Q(origin="interim"), name="measure_approver_is_not_proposer"),
            models.CheckConstraint(condition=~Q(origin="decision") | Q(decision__isnull=False), name="measure_from_decision_has_one"),
            models.CheckConstraint(condition=~Q(origin="interim") | Q(kind="safety_marker"), name="measure_interim_is_a_marker"),
            models.CheckConstraint(
                condition=~Q(origin="interim") | Q(decision__isnull=False) | ~Q(interim_reason="") & Q(interim_until__isnull=False),
                name="measure_interim_has_reason_and_end_or_decision"),
            models.CheckConstraint(  # type: ignore[call-overload]
                condition=Q(interim_until__isnull=True) | Q(approved_on__isnull=False)
                & LessThanOrEqual(DaysBetween("interim_until", "approved_on"), INTERIM_HARD_MAX_DAYS),
                name="measure_interim_within_hard_maximum"),
            models.CheckConstraint(condition=Q(about_representative=False) | Q(principal__isnull=False),
                                   name="measure_representative_names_principal"),
            models.CheckConstraint(
                condition=~Q(status__in=LIVE_STATUSES) | Q(approved_by__isnull=False, review_due__isnull=False),
                name="measure_live_is_approved_with_review_date",
            ),
        ]
        indexes = [models.Index(fields=["council", "status"], name="measure_council_status")]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_live(self) -> bool:
        if self.is_unconfirmed_interim and self.interim_until is not None and self.interim_until < timezone.localdate():
            return False  # lapsed, even before the daily run records it
        return self.status in LIVE_STATUSES

    @property
    def is_unconfirmed_interim(self) -> bool:
        return self.origin == self.Origin.INTERIM and self.decision_id is None

    @property
    def risk_score(self) -> int | None:
        return self.risk_impact * self.risk_likelihood if self.risk_impact and self.risk_likelihood else None

    @property
    def risk_band(self) -> str:
        return risk_band(self.risk_impact, self.risk_likelihood)


class MeasureVersion(BaseModel):
    """The terms of an entry as approved, and each variation after (R57): what checkers were shown, who changed it,
    when and why. Version 1 is written at approval; a review or an appeal that varies the entry writes the next one
    and the entry's own fields take the new terms. Written only by `register.services`."""

    class Source(models.TextChoices):
        APPROVAL = "approval", "Approved"
        REVIEW = "review", "Varied at review"
        APPEAL = "appeal", "Varied on appeal"
        CONFIRMATION = "confirmation", "Interim marker confirmed by a decision"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    source = models.CharField(max_length=20, choices=Source.choices)
    note = models.CharField(max_length=200, blank=True, help_text="Where the change was made, e.g. the review or appeal reference")
    why = models.TextField(blank=True)
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()
    risk_impact = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_likelihood = models.PositiveSmallIntegerField(null=True, blank=True)
    risk_description = models.TextField(blank=True)
    advice = models.TextField(blank=True)
    precautions = models.ManyToManyField(Precaution, blank=True, related_name="+")
    restriction_types = models.ManyToManyField(RestrictionType, blank=True, related_name="+")
    scope = models.CharField(max_length=20, blank=True)
    scope_justification = models.TextField(blank=True)
    permitted_channels = models.CharField(max_length=300, blank=True)
    phone_limits = models.CharField(max_length=300, blank=True)
    premises_excluded = models.CharField(max_length=300, blank=True)
    mandatory_services_route = models.TextField(blank=True)

    class Meta:
        ordering = ["measure", "number"]
        constraints = [models.UniqueConstraint(fields=["measure", "number"], name="measure_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.measure} v{self.number}"

    @property
    def risk_score(self) -> int | None:
        return self.risk_impact * self.risk_likelihood if self.risk_impact and self.risk_likelihood else None


class ImportJob(BaseModel):
    """A register import the background worker runs for the web page (issue 12: a 50,000-row file held a web worker
    for 97 s): first the check (the dry run), then, once the register manager confirms, the import of the same file.
    The uploaded file is kept only until the import is done, cancelled, refused or abandoned (24 hours). Written only
    by `register.services_import_jobs`; the report (rows and errors) is what the progress page shows."""

    class Step(models.TextChoices):
        CHECK = "check", "Check"
        IMPORT = "import", "Import"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped"
        CANCELLED = "cancelled", "Cancelled"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(max_length=255)
    upload = models.CharField(max_length=64, blank=True, help_text="The kept file under MEDIA_ROOT/imports/; empty once deleted")
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.CHECK)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=10, blank=True, help_text="What a running step is doing: reading, matching, writing")
    rows_read = models.PositiveIntegerField(default=0)
    rows_matched = models.PositiveIntegerField(default=0)
    rows_with_errors = models.PositiveIntegerField(default=0)
    measures_created = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="register_importjob_status")]

    def __str__(self) -> str:
        return f"{self.get_step_display()} of {self.filename} ({self.get_status_display()})"

    @property
    def active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
