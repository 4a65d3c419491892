"""Reviews of live register entries (domain d.6, R55-R59): the council's review settings, each
review's record, the reminders and escalations sent (one row each, so a second daily run sends
nothing), and every change to a review date that was not a review (a new incident brought it forward)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.lookups import LessThanOrEqual

from safecontact.accounts.models import Organisation, User
from safecontact.core.expressions import DaysBetween
from safecontact.core.models import BaseModel
from safecontact.incidents.models import Incident
from safecontact.letters.models import Letter
from safecontact.register.models import REVIEW_HARD_MAX_DAYS, Measure

REMINDER_DAYS_MAX = 90


def parse_reminder_days(value: str) -> list[int]:
    """"30,7" -> [30, 7]: days before the review date, most distant first, no repeats."""
    try:
        days = sorted({int(part) for part in value.replace(" ", "").split(",") if part}, reverse=True)
    except ValueError as exc:
        raise ValidationError("Enter whole numbers of days separated by commas, for example 30,7.") from exc
    if not days or any(d < 1 or d > REMINDER_DAYS_MAX for d in days):
        raise ValidationError(f"Enter between 1 and {REMINDER_DAYS_MAX} days, for example 30,7.")
    return days


def validate_reminder_days(value: str) -> None:
    parse_reminder_days(value)


class ReviewSettings(BaseModel):
    """Review configuration that is not in accounts.CouncilSettings (the interval itself is there)."""

    council = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="review_settings")
    reminder_days = models.CharField(max_length=40, default="30,7", validators=[validate_reminder_days],
                                     help_text="Days before the review date when the owner is reminded, for example 30,7")
    grace_days = models.PositiveSmallIntegerField(default=14, validators=[MaxValueValidator(60)],
                                                  help_text="Days after the review date before the review is overdue and escalated")
    bring_forward_months = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text="A new linked incident brings the review forward to within this many months")
    long_lived_months = models.PositiveSmallIntegerField(
        default=24, validators=[MinValueValidator(6), MaxValueValidator(120)],
        help_text="Entries live longer than this are flagged for senior scrutiny whatever their reviews said")

    class Meta:
        verbose_name_plural = "review settings"
        constraints = [
            models.CheckConstraint(condition=Q(grace_days__lte=60), name="review_settings_grace_within_limit"),
            models.CheckConstraint(condition=Q(bring_forward_months__gte=1, bring_forward_months__lte=6),
                                   name="review_settings_bring_forward_within_limit"),
        ]

    def __str__(self) -> str:
        return f"Review settings for {self.council}"

    @property
    def reminder_day_list(self) -> list[int]:
        return parse_reminder_days(self.reminder_days)


class Review(BaseModel):
    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue"
        VARY = "vary", "Vary (change the terms)"
        RECOMMEND_REMOVAL = "recommend_removal", "Recommend removal to the Governance Group"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reviews")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="reviews_done")
    due_on = models.DateField(help_text="The review date the measure had when the review was done")
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reasons = models.TextField(blank=True)
    changed_terms = models.TextField(blank=True, help_text="What changed, if varied")
    # Evidence considered (listed automatically, kept as it stood on the day)
    evidence_incidents = models.ManyToManyField(Incident, blank=True, related_name="+")
    evidence_checks = models.PositiveIntegerField(default=0, help_text="Checks that found the entry since the last review")
    representations = models.TextField(blank=True, help_text="What the customer (or their representative) said")
    partner_input = models.TextField(blank=True, help_text="Police or partner input")
    next_review_due = models.DateField(null=True, blank=True)
    # The notification decision, asked again at every review (domain R37)
    notify_customer = models.BooleanField(default=True)
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-completed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | (~Q(outcome="") & ~Q(reasons="")),
                name="review_completed_has_outcome_and_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=["continue", "vary"]) | Q(next_review_due__isnull=False),
                name="review_continue_has_next_date",
            ),
            models.CheckConstraint(  # type: ignore[call-overload]
                condition=Q(next_review_due__isnull=True) | Q(completed_on__isnull=True)
                | LessThanOrEqual(DaysBetween("next_review_due", "completed_on"), REVIEW_HARD_MAX_DAYS),
                name="review_next_date_within_hard_maximum",
            ),
        ]
        indexes = [models.Index(fields=["council", "outcome", "completed_on"], name="review_council_outcome")]

    def __str__(self) -> str:
        return f"Review of {self.measure} due {self.due_on:%d/%m/%Y}"


class ReviewReminder(BaseModel):
    """One reminder (to the owner) or escalation (to the register managers) sent for one review date.
    The unique constraint is what makes the daily run idempotent. `sent_on` is the day the daily run issued it:
    its email is queued in the same transaction (notifications.StaffEmail, key `review-reminder:<id>` or
    `review-escalation:<id>`), and that row says whether the email server has accepted it yet."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder to the owner"
        ESCALATION = "escalation", "Escalation to the register manager"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="review_reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    due_on = models.DateField()
    days_before = models.SmallIntegerField(default=0, help_text="For reminders: how many days before the review date")
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "kind", "due_on", "days_before"], name="review_reminder_once_per_due_date"),
        ]


class ReviewDateChange(BaseModel):
    """A review date changed other than by a review: a new linked incident brought it forward.
    Recorded even when the date did not move (it was already sooner), to show the incident was considered."""

    class Reason(models.TextChoices):
        NEW_INCIDENT = "new_incident", "A new incident was linked"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="review_date_changes")
    incident = models.ForeignKey(Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=Reason.choices, default=Reason.NEW_INCIDENT)
    previous_due = models.DateField()
    new_due = models.DateField()
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "incident"], name="review_date_change_once_per_incident"),
            models.CheckConstraint(condition=Q(new_due__lte=models.F("previous_due")), name="review_date_change_never_postpones"),
        ]

    @property
    def moved(self) -> bool:
        return self.new_due != self.previous_due
