"""Set-up for review tests: a live marker approved on a frozen day, built through the register's services."""

from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine

from safecontact.access.policy import Role
from safecontact.register.tests import builders

LONDON = ZoneInfo("Europe/London")
APPROVED = date(2026, 1, 12)  # a Monday; the review falls due on 12 July 2026


@contextmanager
def on(day: date, hour: int = 9):
    with time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False):
        yield


def approved_marker(council, user_with_role, *, day: date = APPROVED, **person):
    with on(day):
        subject = builders.person(council, **person)
        measure = builders.live_marker(council, user_with_role, subject=subject)
        return measure, user_with_role(Role.REGISTER_MANAGER, full_name="Rhiannon Price")
