"""Turns a stored check back into what the checker may see (precautions only)."""

from django.db.models import prefetch_related_objects

from safecontact.accounts.selectors import council_settings_for
from safecontact.checks.matcher import MeasureMatch
from safecontact.checks.models import Check
from safecontact.checks.services import CheckResult, _precautions


def result_for(check: Check) -> CheckResult:
    contact = council_settings_for(council=check.council).customer_relations_contact
    entries = []
    if check.outcome == Check.Outcome.PRECAUTIONS_APPLY:
        measures = [m for m in check.measures.all() if m.is_live]
        # One query per relation that _precautions reads, not one per measure.
        prefetch_related_objects(measures, "owner", "single_point_of_contact", "deputy_contact", "precautions", "restriction_types")
        entries = [_precautions(MeasureMatch(m, "strong", check.match_reasons.get(str(m.pk), [])), contact) for m in measures]
    return CheckResult(check=check, outcome=check.outcome, entries=entries, contact=contact)
