"""The one-month clock for a rectification or objection request: core/statutory_clock.py's rule, with the
two-month extension a complex request may have."""

from __future__ import annotations

from datetime import date

from safecontact.core.statutory_clock import response_due

MONTHS = 1
EXTENSION_MONTHS = 2


def due_date(received_on: date) -> date:
    """The last day to respond to a request received on `received_on`."""
    return response_due(received_on, months=MONTHS)


def extended_due_date(received_on: date) -> date:
    """The last day to respond after the two-month extension."""
    return response_due(received_on, months=MONTHS + EXTENSION_MONTHS)
