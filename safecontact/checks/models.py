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
        indexes = [models.Index(fields=["council", "created_at"], name="check_council_time")]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.created_at:%d %b %Y})"


class RegisterVersion(models.Model):
    """One row: a random token that database triggers replace whenever a check's candidates could change
    (see register_version.py). Workers cache the live register's people under it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.CharField(max_length=40)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="register_version_single_row")]

    def __str__(self) -> str:
        return self.token
