from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safecontact.core.validators import date_of_birth_problem, validate_date_of_birth


def test_a_date_of_birth_from_1900_to_today_is_accepted():
    today = timezone.localdate()
    assert date_of_birth_problem(date(1900, 1, 1)) is None
    assert date_of_birth_problem(today) is None
    validate_date_of_birth(date(1980, 3, 31))


@pytest.mark.parametrize("value, message", [
    (date(9999, 12, 31), "Date of birth must be today or in the past"),
    (timezone.localdate() + timedelta(days=1), "Date of birth must be today or in the past"),
    (date(1899, 12, 31), "Date of birth must be on or after 1 January 1900"),
    (date(1, 1, 1), "Date of birth must be on or after 1 January 1900"),
])
def test_a_future_or_pre_1900_date_of_birth_is_refused_naming_the_field(value, message):
    assert date_of_birth_problem(value) == message
    assert date_of_birth_problem(value, label="date_of_birth") == message.replace("Date of birth", "date_of_birth")
    with pytest.raises(ValidationError, match=message):
        validate_date_of_birth(value)
