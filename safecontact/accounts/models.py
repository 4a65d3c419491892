"""Who uses Safe Contact: organisations (councils own data), users, teams, role assignments,
data-sharing agreements and each council's register settings."""

from datetime import date, datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts.managers import UserManager
from safecontact.core.models import BaseModel


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        PARTNER = "partner", "Partner body"
        CONTRACTOR = "contractor", "Contractor"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_council(self) -> bool:
        return self.kind == self.Kind.COUNCIL


class User(AbstractBaseUser, PermissionsMixin, BaseModel):
    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="users")
    line_manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    # The team or service area the person works in (their council's; edited on the staff pages).
    team = models.ForeignKey("Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="members")
    is_active = models.BooleanField(default=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    # A new starter's manager must decide on register access (the risk the seeds name:
    # managers forget to tell Customer Relations). Null until they have.
    access_decided_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email


class Team(BaseModel):
    """A service area (housing, environmental health, revenues, waste, customer services…)."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="team_unique_name_per_council")]

    def __str__(self) -> str:
        return self.name


class Invitation(BaseModel):
    """A single-use, expiring link for a named person to set their password (then MFA, if their role needs it).

    Only a hash of the token is kept: the link exists in the email alone. The invitation holds the role it gives
    on acceptance: the first register manager or system administrator of a council (`bootstrap`, set up by the
    system) or, from a register manager, the staff member role (their approval, recorded on the invitation)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be accepted"
        ACCEPTED = "accepted", "Accepted"
        CANCELLED = "cancelled", "Cancelled"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invitations")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(max_length=40, choices=Role.choices, blank=True)
    bootstrap = models.BooleanField(default=False)
    business_need = models.TextField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    times_sent = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="pending"), name="invitation_one_pending_per_user"),
            models.CheckConstraint(condition=~Q(status="accepted") | Q(accepted_at__isnull=False),
                                   name="invitation_accepted_has_time"),
            models.CheckConstraint(condition=~Q(bootstrap=True) | ~Q(role=""), name="invitation_bootstrap_names_role"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.council}"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired()

    @property
    def display_status(self) -> str:
        if self.status == self.Status.PENDING and self.is_expired():
            return "Expired"
        return self.get_status_display()


class RoleAssignment(BaseModel):
    """One role for one user in one council: requested with a business need, approved by the
    register manager, expiring unless renewed, revoked when the user leaves (domain R43-R44)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Awaiting approval"
        APPROVED = "approved", "Approved"
        REFUSED = "refused", "Refused"
        REVOKED = "revoked", "Revoked"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="role_assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    business_need = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    expires_on = models.DateField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "council"],
                condition=Q(status__in=["requested", "approved"]),
                name="role_assignment_one_live_per_user_role_council",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(expires_on__isnull=False),
                name="role_assignment_approved_has_expiry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.council}"

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.APPROVED
            and self.expires_on is not None
            and self.expires_on >= date.today()
            and self.user.is_active
        )

    @property
    def display_status(self) -> str:
        if self.status == self.Status.APPROVED and self.expires_on and self.expires_on < date.today():
            return "Expired"
        return self.get_status_display()


class DataSharingAgreement(BaseModel):
    """A partner body or contractor may act for a council only under a current agreement."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sharing_agreements_given")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sharing_agreements")
    purpose = models.TextField()
    what_may_be_shared = models.TextField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="sharing_agreement_ends_after_start"),
            models.CheckConstraint(condition=~Q(council=models.F("organisation")), name="sharing_agreement_not_with_self"),
        ]

    def __str__(self) -> str:
        return f"{self.council} ↔ {self.organisation}"

    def is_current(self, on: date | None = None) -> bool:
        on = on or date.today()
        return self.starts_on <= on <= self.ends_on


# Hard limits (code and database agree): the seeds promise reviews at least six-monthly; a
# council may choose shorter, and never longer than twelve months.
REVIEW_INTERVAL_MAX_MONTHS = 12
WORKING_DAYS_MAX = 60
# An urgent interim safety marker lapses after this many days unless a decision confirms it (issue 11); the register
# holds the same hard maximum (register.models.INTERIM_HARD_MAX_DAYS) in its own CHECK constraint.
INTERIM_MARKER_MAX_DAYS = 28


class CouncilSettings(BaseModel):
    """Per-council configuration the register manager edits; defaults are the field defaults."""

    council = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="settings")
    register_name = models.CharField(max_length=120, default="Personal Safety Register")
    review_interval_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(REVIEW_INTERVAL_MAX_MONTHS)]
    )
    triage_target_working_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(WORKING_DAYS_MAX)]
    )
    appeal_window_working_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(WORKING_DAYS_MAX)]
    )
    appeal_decision_working_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(WORKING_DAYS_MAX)]
    )
    ended_measure_retention_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(72)]
    )
    interim_marker_days = models.PositiveSmallIntegerField(
        default=INTERIM_MARKER_MAX_DAYS, validators=[MinValueValidator(1), MaxValueValidator(INTERIM_MARKER_MAX_DAYS)],
        help_text="How long an urgent interim safety marker lasts unless a decision confirms it (at most 28 days).",
    )
    letter_address = models.TextField(blank=True, help_text="The council's postal address as it appears on letters.")
    letter_signatory = models.CharField(max_length=200, blank=True)
    privacy_notice_url = models.URLField(blank=True)
    # Who a checker calls about a possible match (issue 14). Blank in the table so that a new council's row can exist
    # before anyone fills it in; the council settings form requires all three.
    customer_relations_contact = models.CharField(
        max_length=200, blank=True, help_text="Shown to checkers: who to ask about a possible match."
    )
    customer_relations_phone = models.CharField(max_length=40, blank=True)
    customer_relations_hours = models.CharField(max_length=120, blank=True)
    # A possible match for a contact today (or with no date) is due this many hours after the check; one for a later
    # day is due by the start of that day (issue 15).
    possible_match_same_day_hours = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text="How soon Customer Relations answer a possible match for a contact today, in hours.",
    )

    class Meta:
        verbose_name_plural = "council settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(review_interval_months__gte=1, review_interval_months__lte=REVIEW_INTERVAL_MAX_MONTHS),
                name="council_settings_review_interval_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(appeal_window_working_days__gte=1, appeal_window_working_days__lte=WORKING_DAYS_MAX)
                & Q(appeal_decision_working_days__gte=1, appeal_decision_working_days__lte=WORKING_DAYS_MAX)
                & Q(triage_target_working_days__gte=1, triage_target_working_days__lte=WORKING_DAYS_MAX),
                name="council_settings_working_days_within_limit",
            ),
            models.CheckConstraint(condition=Q(interim_marker_days__gte=1, interim_marker_days__lte=INTERIM_MARKER_MAX_DAYS),
                                   name="council_settings_interim_marker_within_limit"),
        ]

    def __str__(self) -> str:
        return f"Settings for {self.council}"


class CouncilSignInProvider(BaseModel):
    """A council's own identity provider (Microsoft Entra ID or any OpenID Connect provider): its staff sign in with
    their work account instead of a Safe Contact password. Only the *name* of the environment variable holding the
    client secret is stored; the secret itself never enters the database (ADR 0017)."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="sign_in_providers")
    # In the sign-in addresses (/accounts/oidc/<slug>/login/) and on every linked account: never changed once used.
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=80, help_text="Shown on the button: “Sign in with …”.")
    issuer = models.URLField(max_length=300, help_text="The provider's issuer, as its ID tokens state it (its `iss`).")
    client_id = models.CharField(max_length=200)
    secret_env_var = models.CharField(
        max_length=100, validators=[RegexValidator(r"^[A-Z][A-Z0-9_]*$", "Use capital letters, digits and underscores")],
    )
    allowed_domains = models.JSONField(default=list, help_text="Email domains this council's staff sign in with.")
    # `acr` values that mean the provider asked for a second factor (the `amr` values are standard: RFC 8176).
    mfa_acr_values = models.JSONField(default=list, blank=True)
    enabled = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "issuer", "client_id"], name="sign_in_provider_unique_client")]

    def __str__(self) -> str:
        return f"{self.name} for {self.council}"


class RecertificationCampaign(BaseModel):
    """One quarter's check of who holds which role (R28 in issue 17): every line manager confirms or removes each role
    their staff hold. Started by the daily run when a quarter begins, or by the DPO or a system administrator."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="recertification_campaigns")
    quarter_start = models.DateField(help_text="The first day of the quarter the check is for")
    started_at = models.DateTimeField()
    started_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-quarter_start"]
        constraints = [models.UniqueConstraint(fields=["council", "quarter_start"], name="recertification_one_per_quarter")]

    def __str__(self) -> str:
        return f"Access check from {self.quarter_start:%B %Y} at {self.council}"


class RecertificationTask(BaseModel):
    """One line manager's part of a campaign: the roles their staff held when it started."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey(RecertificationCampaign, on_delete=models.PROTECT, related_name="tasks")
    manager = models.ForeignKey(User, on_delete=models.PROTECT, related_name="recertification_tasks")
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "manager__full_name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "manager"], name="recertification_one_task_per_manager")]

    def __str__(self) -> str:
        return f"Access check for {self.manager}"


class RecertificationItem(BaseModel):
    """One role of one member of staff, confirmed or removed by their line manager."""

    class Decision(models.TextChoices):
        PENDING = "", "Not decided yet"
        CONFIRMED = "confirmed", "Still needed"
        REMOVED = "removed", "Removed"
        ENDED = "ended", "Ended before the manager decided"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey(RecertificationTask, on_delete=models.PROTECT, related_name="items")
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.PROTECT, related_name="recertification_items")
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True, default="")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["assignment__user__full_name", "assignment__role"]
        constraints = [
            models.UniqueConstraint(fields=["task", "assignment"], name="recertification_item_once_per_task"),
            models.CheckConstraint(condition=Q(decision="") | Q(decided_at__isnull=False),
                                   name="recertification_item_decided_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_decision_display()})"
