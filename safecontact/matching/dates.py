"""Dates of birth as evidence: agreement, partial, clear disagreement (ADR 0005, "Dates of birth").

Both dates are compared as the eight digits staff type, DDMMYYYY, and as fields:

agreement
    ``agree``    the same date;
    ``swapped``  day and month swapped (03/04 for 04/03);
    ``near``     a plausible slip: one digit wrong (anywhere in DDMMYYYY), two adjacent digits transposed,
                 the month off by one (09 → 10 changes two digits), or the year one decade or one year off
                 with the day and month equal.
    Only ``agree`` and ``swapped`` confirm "precautions apply" on their own; a ``near`` within a year
    confirms it with a same address, UPRN, phone or email; a ``near`` that moves the year by two or more
    (one digit of the year, a decade) gives at most "possible match": a father and son at one address.
partial
    ``partial``  both dates are given and one of its two parts agrees: the same year (another birthday), or
                 the same birthday (day and month, also swapped) in another year; the scorer treats it as a
                 conflict for "precautions apply" but never as the clear disagreement below. ``missing`` (a date not given or not recorded) and, for a record
                 that holds only an estimated year, ``approx_ok`` / ``approx_far``.
clear disagreement
    ``conflict`` the year differs AND the birthday differs (day and month as a pair: neither equal nor
                 swapped), and none of the slips above explains it. In practice the year, the month and the day
                 all differ; a shared day or month alone is not evidence (1 person in 28, or in 12, shares it).
                 Two people, not one person's typing error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["APPROX_YEAR_FAR", "APPROX_YEAR_OK", "AGREEMENT", "DobComparison", "compare_dob", "dob_digits", "near_kind"]

#: Years either side of an estimated birth year that still count as consistent / clearly different.
APPROX_YEAR_OK = 2
APPROX_YEAR_FAR = 7

AGREEMENT = frozenset({"agree", "swapped", "near"})


@dataclass(frozen=True)
class DobComparison:
    status: str  # agree | swapped | near | partial | conflict | missing | approx_ok | approx_far
    reason: str = ""
    years_apart: int = 0  # for "near": a parent and child at one address share a birthday more often than a slip spans years

    @property
    def agrees(self) -> bool:
        """Confirms a strict name match on its own ("precautions apply")."""
        return self.status in {"agree", "swapped"}

    @property
    def agreement(self) -> bool:
        """Any of the agreement levels, including a plausible typing slip."""
        return self.status in AGREEMENT

    @property
    def conflicts(self) -> bool:
        """Stops "precautions apply": the dates are both known (or estimated) and do not agree."""
        return self.status in {"partial", "conflict", "approx_far"}

    @property
    def blocks_precautions(self) -> bool:
        """Stops "precautions apply" even with a same address or UPRN: a conflict, or a slip that moves the year
        by two or more (04/04/1950 for 04/04/1980 is one digit, but also a Jr/Sr at the same address)."""
        return self.conflicts or (self.status == "near" and self.years_apart >= 2)

    @property
    def clearly_differs(self) -> bool:
        """The year and the birthday both differ: a namesake, not a slip (rule R99 in the scorer)."""
        return self.status == "conflict"


def dob_digits(d: date) -> str:
    return f"{d.day:02d}{d.month:02d}{d.year:04d}"


def _transposed(a: str, b: str) -> bool:
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]


def near_kind(query: date, recorded: date) -> str:
    """Which plausible slip turns one date into the other ("" if none)."""
    a, b = dob_digits(query), dob_digits(recorded)
    if sum(x != y for x, y in zip(a, b, strict=True)) == 1:
        return "one digit differs"
    if _transposed(a, b):
        return "two digits transposed"
    same_y, same_m, same_d = query.year == recorded.year, query.month == recorded.month, query.day == recorded.day
    if same_y and same_d and abs(query.month - recorded.month) == 1:
        return "month one out"
    if same_m and same_d and abs(query.year - recorded.year) in (1, 10):
        return "year one out" if abs(query.year - recorded.year) == 1 else "year one decade out"
    return ""


def compare_dob(query: date | None, recorded: date | None, approx_year: int | None = None) -> DobComparison:
    """Grade two dates of birth (see the module docstring)."""
    if query is None:
        return DobComparison("missing", "")
    if recorded is None:
        if approx_year is None:
            return DobComparison("missing", "")
        gap = abs(query.year - approx_year)
        if gap <= APPROX_YEAR_OK:
            return DobComparison("approx_ok", f"year of birth fits the estimated year (about {approx_year})")
        if gap > APPROX_YEAR_FAR:
            return DobComparison("approx_far", f"year of birth far from the estimated year (about {approx_year})")
        return DobComparison("missing", "")
    if query == recorded:
        return DobComparison("agree", "date of birth agrees")
    if query.year == recorded.year and query.day == recorded.month and query.month == recorded.day:
        return DobComparison("swapped", "date of birth agrees with day and month swapped")
    shown = f"{query:%d/%m/%Y} vs {recorded:%d/%m/%Y}"
    kind = near_kind(query, recorded)
    if kind:
        return DobComparison("near", f"date of birth nearly agrees ({shown}, {kind}: possible typing error)",
                             abs(query.year - recorded.year))
    same_birthday = (query.day, query.month) in {(recorded.day, recorded.month), (recorded.month, recorded.day)}
    if query.year != recorded.year and not same_birthday:
        return DobComparison("conflict", f"date of birth clearly differs ({shown})")
    return DobComparison("partial", f"date of birth only partly agrees ({shown})")
