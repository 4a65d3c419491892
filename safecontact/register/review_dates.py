"""The one review-date rule (issue 11, "one owner"). Every live register entry is reviewed at least every 12
months: a review date is in the future and no later than 12 calendar months after the date the 12-month limit
runs from (approval, or the last review, which restarts it: ADR 0006), and never more than REVIEW_HARD_MAX_DAYS
after it, which the database checks too. Approval, import, review and appeal all ask these functions; nobody
else adds months to a date to get a review date."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import council_settings_for
from safecontact.core.workdays import add_months
from safecontact.register.models import REVIEW_HARD_MAX_DAYS


class ReviewDateProblem(StrEnum):
    NOT_IN_FUTURE = "not_in_future"
    BEYOND_LIMIT = "beyond_limit"


def review_limit(start: date) -> date:
    """The latest review date when the 12-month limit runs from `start`: 12 months, never more than the hard maximum."""
    return min(start + timedelta(days=REVIEW_HARD_MAX_DAYS), add_months(start, 12))


def default_review_due(*, council: Organisation, today: date) -> date:
    """The council's review interval from today, within the limit."""
    return min(add_months(today, council_settings_for(council=council).review_interval_months), review_limit(today))


def review_due_brought_forward(review_due: date, *, today: date, months: int) -> date:
    """A new incident brings the review to within `months` of today; never postpones it."""
    return min(review_due, add_months(today, months))


def review_due_problem(review_due: date, *, today: date, start: date | None = None) -> ReviewDateProblem | None:
    """What is wrong with `review_due`, if anything; `start` is when the limit runs from (default: today).
    Callers word the error for their own page."""
    if review_due <= today:
        return ReviewDateProblem.NOT_IN_FUTURE
    if review_due > review_limit(start or today):
        return ReviewDateProblem.BEYOND_LIMIT
    return None
