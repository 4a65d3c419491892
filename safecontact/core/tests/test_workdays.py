from datetime import date

from safecontact.core.workdays import add_working_days, is_working_day, working_days_between


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 3, 28))  # Saturday
    assert not is_working_day(date(2026, 3, 29))  # Sunday
    assert is_working_day(date(2026, 3, 27))  # Friday


def test_english_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 4, 3))  # Good Friday 2026
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday 2026
    assert not is_working_day(date(2026, 8, 31))  # Summer bank holiday (England and Wales)


def test_five_working_days_from_a_monday_is_the_next_monday():
    assert add_working_days(date(2026, 3, 2), 5) == date(2026, 3, 9)


def test_adding_working_days_skips_easter():
    # Thursday 2 April 2026 + 2 working days: Good Friday and Easter Monday skipped.
    assert add_working_days(date(2026, 4, 2), 2) == date(2026, 4, 8)


def test_adding_working_days_skips_christmas_and_boxing_day():
    # Boxing Day 2026 falls on a Saturday, so the substitute day is Monday 28 December.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_zero_working_days_is_the_same_day():
    assert add_working_days(date(2026, 3, 4), 0) == date(2026, 3, 4)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 3, 2), date(2026, 3, 9)) == 5
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 2)) == 0
