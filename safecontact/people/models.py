"""Customers and places: the people an incident is about and the addresses where contact happens.

Every Person and every Address belongs to one council: councils share nothing. A UPRN is a UPRN, but the
text a council typed for it, its gazetteer rows and the fact that it holds the address at all are its own,
so two councils holding the same property have one Address row each. Search keys are precomputed from names,
dates of birth and postcodes by `matching` so both databases find candidates the same way.
"""

from django.db import models
from django.db.models import Q

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel


class Address(BaseModel):
    """A property, from the council's gazetteer (LLPG/AddressBase extract) or as typed."""

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="addresses")
    uprn = models.CharField(max_length=12, blank=True, help_text="Unique Property Reference Number, when known")
    line1 = models.CharField(max_length=200)
    line2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, help_text="Normalised, e.g. GL50 1PQ")
    from_gazetteer = models.BooleanField(default=False)

    class Meta:
        ordering = ["postcode", "line1"]
        constraints = [
            models.UniqueConstraint(fields=["council", "uprn"], condition=~Q(uprn=""), name="address_unique_uprn_per_council"),
        ]
        indexes = [models.Index(fields=["council", "postcode"], name="address_council_postcode")]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.line1, self.line2, self.town, self.postcode) if part)


class Person(BaseModel):
    class SocialCare(models.TextChoices):
        NOT_CHECKED = "not_checked", "Not checked"
        YES = "yes", "Known to social care"
        NO = "no", "Not known to social care"
        NOT_APPLICABLE = "n_a", "Not applicable"

    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200)
    date_of_birth = models.DateField(null=True, blank=True)
    approximate_age = models.PositiveSmallIntegerField(null=True, blank=True)
    known_to_social_care = models.CharField(max_length=20, choices=SocialCare.choices, default=SocialCare.NOT_CHECKED)
    social_care_checked_on = models.DateField(null=True, blank=True)
    preferred_format = models.CharField(
        max_length=200, blank=True, help_text="Alternative format the customer asked for: large print, Braille, another language"
    )
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from")
    legal_hold = models.BooleanField(default=False)

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class PersonAlias(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    given_names = models.CharField(max_length=200, blank=True)
    family_name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class PersonAddress(BaseModel):
    """Address history, so a marker can follow a move."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    is_correspondence = models.BooleanField(default=False)
    verified_on = models.DateField(null=True, blank=True, help_text="When the address was last confirmed as current")

    class Meta:
        ordering = ["-from_date"]

    def __str__(self) -> str:
        return str(self.address)


class ContactPoint(BaseModel):
    class Kind(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        SOCIAL = "social", "Social media"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    value = models.CharField(max_length=254)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


class ExternalIdentifier(BaseModel):
    """The person's reference in another council system (CRM, housing, revenues)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="external_ids")
    system = models.CharField(max_length=80)
    value = models.CharField(max_length=120)

    def __str__(self) -> str:
        return f"{self.system}: {self.value}"


class Representative(BaseModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=120, help_text="Advocate, family member, solicitor, MP…")
    contact = models.CharField(max_length=254, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class ReasonableAdjustment(BaseModel):
    """Equality Act 2010 adjustments: shown wherever contact or decisions are handled (domain R74-R76)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested, not yet decided"
        AGREED = "agreed", "Agreed"
        REFUSED = "refused", "Refused"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="adjustments")
    description = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.description[:60]


class PersonSearchKey(models.Model):
    """Precomputed matching keys (see matching.keys); disposed of with the person."""

    council = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="search_keys")
    key = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["council", "key"], name="person_search_key")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_search_key_unique")]

    def __str__(self) -> str:
        return self.key
