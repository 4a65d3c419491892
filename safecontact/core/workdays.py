"""Working days: Monday to Friday, excluding bank holidays in England and Wales.

Targets (triage within 5 working days, appeal windows) are counted with these helpers so every
queue agrees. Bank holidays come from the `holidays` package (subdivision ENG; Wales has the same
bank holidays).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself does not count)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 if end is not after start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), or the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)
