"""Equality monitoring answers about a customer (R77), kept apart from everything that decides about them.

Protected characteristics are special category data. The council holds them only to check that its own decisions do
not fall unevenly on any group (the public sector equality duty; DPA 2018 Schedule 1 paragraph 8, equality of
opportunity or treatment), so they live in their own table, in their own app, that nothing on the case, the register,
checks or matching imports (pyproject.toml: an import-linter contract, and equality/tests/test_separation.py). The
person has no reverse accessor to it (`related_name="+"`): a template showing a person cannot reach it by accident.
Every answer is optional and every question has "Prefer not to say"; an empty answer means not asked or not known.
They are reported only as counts per group with small numbers withheld (equality/selectors.py).
"""

from typing import Any

from django.db import models

from safecontact.accounts.models import Organisation, User
from safecontact.core.models import BaseModel
from safecontact.people.models import Person

PREFER_NOT_TO_SAY = ("prefer_not_to_say", "Prefer not to say")


class AgeGroup(models.TextChoices):
    UNDER_25 = "under_25", "Under 25"
    FROM_25 = "25_to_44", "25 to 44"
    FROM_45 = "45_to_64", "45 to 64"
    FROM_65 = "65_and_over", "65 and over"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT = PREFER_NOT_TO_SAY


class GenderIdentity(models.TextChoices):
    SAME = "same", "The same as the sex registered at birth"
    DIFFERENT = "different", "Different from the sex registered at birth"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Disability(models.TextChoices):
    YES = "yes", "Disabled"
    NO = "no", "Not disabled"
    PREFER_NOT = PREFER_NOT_TO_SAY


class EthnicGroup(models.TextChoices):
    """The five high-level groups of the 2021 Census for England and Wales."""

    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Another ethnic group"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Religion(models.TextChoices):
    NONE = "none", "No religion"
    CHRISTIAN = "christian", "Christian"
    BUDDHIST = "buddhist", "Buddhist"
    HINDU = "hindu", "Hindu"
    JEWISH = "jewish", "Jewish"
    MUSLIM = "muslim", "Muslim"
    SIKH = "sikh", "Sikh"
    OTHER = "other", "Another religion or belief"
    PREFER_NOT = PREFER_NOT_TO_SAY


class SexualOrientation(models.TextChoices):
    STRAIGHT = "straight", "Straight or heterosexual"
    GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
    BISEXUAL = "bisexual", "Bisexual"
    OTHER = "other", "Another sexual orientation"
    PREFER_NOT = PREFER_NOT_TO_SAY


class EqualityRecord(BaseModel):
    council = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Deleted with the person (retention disposes of people, and this goes with them); no reverse accessor.
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="+")
    age_group = models.CharField("Age group", max_length=20, choices=AgeGroup.choices, blank=True)
    sex = models.CharField("Sex", max_length=20, choices=Sex.choices, blank=True)
    gender_identity = models.CharField("Gender identity", max_length=20, choices=GenderIdentity.choices, blank=True)
    disability = models.CharField("Disability", max_length=20, choices=Disability.choices, blank=True)
    ethnic_group = models.CharField("Ethnic group", max_length=20, choices=EthnicGroup.choices, blank=True)
    religion = models.CharField("Religion or belief", max_length=20, choices=Religion.choices, blank=True)
    sexual_orientation = models.CharField("Sexual orientation", max_length=20, choices=SexualOrientation.choices, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return "Equality monitoring answers"


# The questions, in the order they are asked and reported.
CHARACTERISTICS: tuple[str, ...] = ("age_group", "sex", "gender_identity", "disability", "ethnic_group", "religion",
                                    "sexual_orientation")


def question(name: str) -> tuple[str, list[tuple[str, str]]]:
    """A question's label and its answers (value, label), "Prefer not to say" last."""
    field: Any = EqualityRecord._meta.get_field(name)
    return str(field.verbose_name), [(str(value), str(label)) for value, label in field.choices or []]
