"""How long a warning counts (domain R20): pure functions over a formal warning (a `Decision`) or an informal one
(recorded at triage on an incident), shared by the case page, the decision page, letters and appeals.

A warning is *in force* from the day it was given until `WARNING_IN_FORCE_MONTHS` later; from that day it has
*expired* and no longer counts towards escalation ("warning given first", R17). A warning overturned on appeal is
*withdrawn* at once. How long the record is then kept is a separate matter: the retention table's "warnings" class
(retention/policies.py, 12 months by default, 3 to 24 for a council) disposes of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from safecontact.core.workdays import add_months

# A fixed period, the same for every council (not a CouncilSettings value): 12 months, matching the default
# retention period for warnings and the Darlington practice the incident rule follows (domain E11, R20).
WARNING_IN_FORCE_MONTHS = 12


@dataclass(frozen=True)
class WarningStatus:
    state: str  # "in_force", "expired", "withdrawn" or "erased" (its details were disposed of)
    given_on: date | None
    ends_on: date | None  # expiry (in force / expired) or withdrawal (withdrawn)

    @property
    def is_current(self) -> bool:
        return self.state == "in_force"

    @property
    def label(self) -> str:
        day = self.ends_on.strftime("%-d %B %Y") if self.ends_on else ""
        return {
            "in_force": f"In force until {day}",
            "expired": f"Expired on {day}",
            "withdrawn": f"Withdrawn on appeal on {day}",
            "erased": "Details erased under the retention policy",
        }[self.state]


def _local_day(moment: datetime | None) -> date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _status(given_on: date | None, withdrawn_at: datetime | None, today: date | None) -> WarningStatus:
    if withdrawn_at is not None:
        return WarningStatus("withdrawn", given_on, _local_day(withdrawn_at))
    if given_on is None:
        return WarningStatus("erased", None, None)
    ends_on = add_months(given_on, WARNING_IN_FORCE_MONTHS)
    return WarningStatus("in_force" if (today or timezone.localdate()) < ends_on else "expired", given_on, ends_on)


def formal_warning_status(decision: Any, *, today: date | None = None) -> WarningStatus:
    """A formal warning (a decision with the outcome "formal warning") counts from the day it was decided."""
    return _status(_local_day(decision.decided_at), decision.withdrawn_at, today)


def informal_warning_status(triage: Any, *, today: date | None = None) -> WarningStatus:
    """An informal warning counts from the day it was given (recorded at triage)."""
    return _status(triage.warning_given_on, triage.warning_withdrawn_at, today)


def has_informal_warning(incident: Any) -> bool:
    triage = getattr(incident, "triage", None)
    return bool(triage is not None and triage.outcome == "informal_warning")
