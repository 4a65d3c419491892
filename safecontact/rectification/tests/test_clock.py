"""The one-month clock (ICO: same date next month, or the month's last day; then the next working day) and the
two-month extension."""

from datetime import date

import pytest

from safecontact.rectification.clock import due_date, extended_due_date


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 9, 3), date(2026, 10, 5)),    # 3 October 2026 is a Saturday: the next working day
    (date(2026, 9, 2), date(2026, 10, 2)),    # a Friday: the same date
    (date(2027, 1, 31), date(2027, 3, 1)),    # no 31 February: 28 February 2027 is a Sunday, so Monday 1 March
    (date(2028, 1, 31), date(2028, 2, 29)),   # leap year: the month's last day, a Tuesday
    (date(2026, 3, 31), date(2026, 4, 30)),   # 30-day month: its last day
    (date(2026, 11, 25), date(2026, 12, 29)), # 25 December is Christmas, 26-28 the weekend and Boxing Day substitute
])
def test_the_reply_is_due_one_calendar_month_later_on_a_working_day(received, due):
    assert due_date(received) == due


def test_an_extension_adds_two_further_months_counted_from_receipt():
    assert extended_due_date(date(2026, 9, 2)) == date(2026, 12, 2)
    assert extended_due_date(date(2026, 11, 30)) == date(2027, 3, 1)  # 28 February 2027 is a Sunday
