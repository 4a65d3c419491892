"""Rules for values typed in many places (HTML forms, the API, spreadsheet imports, services): one
spelling each, so a form, a serializer and an import row refuse the same thing with the same words."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

# Nobody on a council's register was born before 1900; an earlier year is a typing slip (1880 for 1980)
# and a far-future one (9999-12-31) a probe or a slip, and either would poison matching by date of birth.
EARLIEST_DATE_OF_BIRTH = date(1900, 1, 1)


def date_of_birth_problem(value: date, *, label: str = "Date of birth", today: date | None = None) -> str | None:
    """Why `value` cannot be a date of birth, naming the field as `label`; None when it can."""
    if value > (today or timezone.localdate()):
        return f"{label} must be today or in the past"
    if value < EARLIEST_DATE_OF_BIRTH:
        return f"{label} must be on or after 1 January 1900"
    return None


def validate_date_of_birth(value: date) -> None:
    """Django/DRF field validator (both accept Django's ValidationError) for every date-of-birth field."""
    problem = date_of_birth_problem(value)
    if problem:
        raise ValidationError(problem, code="date_of_birth")
