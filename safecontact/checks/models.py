"""Pre-contact checks: the query as typed (personal data, kept here and disposed of with the check),
the answer shown, and the acknowledgement."""

import hashlib
import secrets

from django.db import models

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel
from safecontact.register.models import Measure


class ApiClient(BaseModel):
    """A CRM, housing or lone-worker system that asks the register instead of copying it."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_clients")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(max_length=8)
    active = models.BooleanField(default=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    # Where to POST Customer Relations' answer to a possible match (issue 15), signed with HMAC-SHA256 of the body
    # under this client's own secret (the client verifies, so the secret is kept, not hashed). Blank: no callback.
    callback_url = models.URLField(max_length=300, blank=True)
    callback_secret = models.CharField(max_length=64, blank=True)

    is_api_client = True
    is_authenticated = True
    is_active = True

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return "sc_" + secrets.token_urlsafe(32)


# Letters and digits that cannot be mistaken for each other when read out on the phone (no 0/O, 1/I/L, 5/S).
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXYZ2346789"


def new_check_reference() -> str:
    """A reference the checker quotes to Customer Relations ("CHK-7KQ2-M4XP"). Random rather than counted: a check is
    the busiest write in the service and a counter row would make every check wait for the one before."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"CHK-{code[:4]}-{code[4:]}"


class Check(BaseModel):
    class Purpose(models.TextChoices):
        PHONE_CALL = "phone_call", "Phone call"
        MEETING = "meeting", "Meeting or surgery"
        HOME_VISIT = "home_visit", "Home visit"
        OTHER = "other", "Other contact"

    class Outcome(models.TextChoices):
        NO_ENTRY = "no_entry", "No live entry found"
        PRECAUTIONS_APPLY = "precautions_apply", "Precautions apply"
        POSSIBLE_MATCH = "possible_match", "Possible match: contact Customer Relations"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="checks")
    reference = models.CharField(max_length=16, default=new_check_reference, editable=False)
    checker = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="checks")
    api_client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.PROTECT, related_name="checks")
    requested_by = models.CharField(max_length=200, blank=True, help_text="The member of staff an API client asked for")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    planned_for = models.DateField(null=True, blank=True)
    query_name = models.CharField(max_length=200, blank=True)
    query_date_of_birth = models.DateField(null=True, blank=True)
    query_postcode = models.CharField(max_length=10, blank=True)
    query_address = models.CharField(max_length=300, blank=True)
    query_uprn = models.CharField(max_length=12, blank=True)
    query_phone = models.CharField(max_length=40, blank=True)
    query_email = models.CharField(max_length=254, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    measures = models.ManyToManyField(Measure, blank=True, related_name="checks")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Why each measure matched ("surname sounds the same, date of birth agrees"), by measure id.
    match_reasons = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(checker__isnull=False) | models.Q(api_client__isnull=False),
                                   name="check_has_checker_or_api_client"),
        ]
        indexes = [models.Index(fields=["council", "created_at"], name="check_council_time"),
                   models.Index(fields=["council", "reference"], name="check_council_reference")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.created_at:%d %b %Y})"


class CouncilRegisterVersion(models.Model):
    """One row per council: a random token that database triggers replace whenever a check's candidates in
    that council could change (see register_version.py). Workers cache each council's live register under it.
    No database constraint on the council: triggers write these rows while a council's records are deleted."""

    council = models.OneToOneField(Organisation, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    token = models.CharField(max_length=40)
    # The newest RegisterChange of the council, written with the token: a worker whose index is at an older
    # position applies the changes since (register_index.py).
    last_change = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return self.token


class RegisterChange(models.Model):
    """The register's change log (issue 16): database triggers add a row per changed person (or premises) in the
    same statement that replaces the council's token, so a worker patches its index from the people named here
    instead of rebuilding it. `token` is the council's token that change produced: a worker checks its own
    position's row still carries its token (a rolled-back transaction leaves no row). Trimmed by the daily run.
    Written by triggers only; no database constraint on the council (see CouncilRegisterVersion)."""

    id = models.BigAutoField(primary_key=True)
    council = models.ForeignKey(Organisation, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    person_id = models.UUIDField(null=True)  # no foreign key: the person may be deleted by the change itself
    premises = models.BooleanField(default=False)  # the premises of live measures may have changed
    token = models.CharField(max_length=40)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["council", "id"], name="register_change_council_id"),
                   models.Index(fields=["created_at"], name="register_change_created")]

    def __str__(self) -> str:
        return f"{self.person_id or 'premises'} at {self.created_at:%Y-%m-%d %H:%M}"


class PossibleMatchReview(BaseModel):
    """Customer Relations' work item for a *possible match* (issue 15): is the check about the person on the register?
    Due before the planned contact, so that the checker is never left to go ahead on a guess."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for Customer Relations"
        SAME_PERSON = "same_person", "Same person"
        NOT_SAME_PERSON = "not_same_person", "Not the same person"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="possible_match_reviews")
    source_check = models.OneToOneField(Check, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    due_at = models.DateTimeField()
    resolved_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["due_at", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", resolved_at__isnull=True)
                | (~models.Q(status="open") & models.Q(resolved_at__isnull=False, resolved_by__isnull=False)),
                name="possible_match_review_resolved_with_who_and_when"),
        ]
        indexes = [models.Index(fields=["council", "status", "due_at"], name="pm_review_queue")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} (due {self.due_at:%d %b %Y %H:%M})"


class NotSamePerson(BaseModel):
    """"Not the same person", remembered for one identity (normalised name, date of birth, address) against one entry,
    until the entry changes (`measure_updated_at`): the same person is not bounced to Customer Relations again."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="+")
    identity = models.CharField(max_length=64, help_text="SHA-256 of the normalised name, date of birth and address")
    measure_updated_at = models.DateTimeField()
    review = models.ForeignKey(PossibleMatchReview, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["measure", "identity"], name="not_same_person_once")]
        indexes = [models.Index(fields=["council", "identity"], name="not_same_person_lookup")]

    def __str__(self) -> str:
        return f"Not the same person ({self.created_at:%d %b %Y})"


class CheckCallback(BaseModel):
    """One signed POST of a check's new answer to its API client's callback URL, tried again with growing waits."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Could not be sent"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    api_client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="callbacks")
    source_check = models.ForeignKey(Check, on_delete=models.CASCADE, related_name="callbacks")
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="check_callback_due")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.attempts} tries)"
