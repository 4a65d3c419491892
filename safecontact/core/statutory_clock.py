"""The statutory clock of a data-protection rights request (UK GDPR Art. 12(3), as the ICO explains it), shared by
subject access and rectification so every page and letter agrees.

One calendar month from receipt: the same date next month, or that month's last day when it has no such date
(31 January -> 28 or 29 February); a deadline on a weekend or a bank holiday moves to the next working day (ICO,
"Time limits for responding"). An extension of up to two further months is counted the same way from receipt.
"""

from __future__ import annotations

from datetime import date, timedelta

from safecontact.core.workdays import add_months, is_working_day

__all__ = ["add_months", "days_left", "response_due"]


def response_due(received_on: date, *, months: int = 1) -> date:
    """The last day to respond to a request received on `received_on`, `months` calendar months allowed."""
    day = add_months(received_on, months)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def days_left(due: date, *, today: date) -> int:
    """Days until the deadline: 0 on the day itself, negative once it has passed."""
    return (due - today).days
