"""Turns a stored check back into what the checker may see (precautions only)."""

from typing import Any

from safecontact.accounts.selectors import customer_relations_for
from safecontact.checks.matcher import MeasureMatch
from safecontact.checks.models import Check, PossibleMatchReview
from safecontact.checks.services import CheckResult, precautions_for
from safecontact.register.selectors import measure_visible_to_checker


def result_for(check: Check) -> CheckResult:
    """The answer as it stands now: a possible match that Customer Relations has answered reads as their answer
    (issue 15): *not the same person* is "no live entry found"; *same person* shows the precautions this checker
    may see (as a direct match would), or stays "possible match" when there are none they may see."""
    contact = customer_relations_for(council=check.council).line
    outcome, strong = check.outcome, []
    if check.outcome == Check.Outcome.PRECAUTIONS_APPLY:
        strong = [m for m in check.measures.select_related("owner") if m.is_live]
    elif check.outcome == Check.Outcome.POSSIBLE_MATCH:
        status = PossibleMatchReview.objects.filter(source_check=check).values_list("status", flat=True).first()
        if status == PossibleMatchReview.Status.NOT_SAME_PERSON:
            outcome = Check.Outcome.NO_ENTRY
        elif status == PossibleMatchReview.Status.SAME_PERSON:
            viewer = check.checker or check.api_client
            strong = [m for m in check.measures.select_related("owner") if m.is_live
                      and measure_visible_to_checker(measure=m, actor=viewer, council=check.council)]
            outcome = Check.Outcome.PRECAUTIONS_APPLY if strong else outcome
    entries = precautions_for([MeasureMatch(m, "strong", check.match_reasons.get(str(m.pk), [])) for m in strong], contact) if strong else []
    return CheckResult(check=check, outcome=outcome, entries=entries, contact=contact)


def answer_shape(result: CheckResult) -> dict[str, Any]:
    entries = result.entries
    review_dates = [e.review_due for e in entries if e.review_due]
    return {
        "id": result.check.pk,
        "outcome": result.outcome,
        "risk_band": result.risk_band,
        "precautions": sorted({p for e in entries for p in e.precautions}),
        "restrictions": sorted({r for e in entries for r in e.restrictions}),
        "advice": "\n".join(e.advice for e in entries if e.advice),
        "contact": "; ".join(e.contact for e in entries) or result.contact or "Customer Relations",
        "review_due": min(review_dates) if review_dates else None,
    }
