"""The statutory clock of a subject access request: core/statutory_clock.py's rule (one calendar month, moved to the
next working day), with an extension of up to two further months for a complex request, once, reason recorded."""

from __future__ import annotations

from datetime import date

from safecontact.core.statutory_clock import add_months, days_left, response_due

__all__ = ["MAX_EXTENSION_MONTHS", "add_months", "days_left", "due_on"]

MAX_EXTENSION_MONTHS = 2


def due_on(received_on: date, *, extension_months: int = 0) -> date:
    """The last day to answer: one month after receipt, plus any extension (counted from receipt, as the ICO does)."""
    return response_due(received_on, months=1 + extension_months)
