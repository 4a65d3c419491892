"""Turns a stored check back into what the checker may see (precautions only)."""

from safecontact.accounts.selectors import council_settings_for
from safecontact.checks.matcher import MeasureMatch
from safecontact.checks.models import Check
from safecontact.checks.services import CheckResult, precautions_for


def result_for(check: Check) -> CheckResult:
    contact = council_settings_for(council=check.council).customer_relations_contact
    entries = []
    if check.outcome == Check.Outcome.PRECAUTIONS_APPLY:
        measures = [m for m in check.measures.select_related("owner") if m.is_live]
        entries = precautions_for([MeasureMatch(m, "strong", check.match_reasons.get(str(m.pk), [])) for m in measures], contact)
    return CheckResult(check=check, outcome=check.outcome, entries=entries, contact=contact)
