"""The possible-match desk (issue 15): reads for Customer Relations."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from safecontact.accounts.models import Organisation
from safecontact.checks.models import PossibleMatchReview
from safecontact.register.models import Measure


def reviews_open_for(*, council: Organisation) -> QuerySet[PossibleMatchReview]:
    """Waiting for an answer, most urgent (due soonest) first, then oldest."""
    return (PossibleMatchReview.objects.filter(council=council, status=PossibleMatchReview.Status.OPEN)
            .select_related("source_check").order_by("due_at", "created_at"))


def reviews_open_count(*, council: Organisation) -> int:
    return PossibleMatchReview.objects.filter(council=council, status=PossibleMatchReview.Status.OPEN).count()


def review_get_for(*, council: Organisation, id: Any) -> PossibleMatchReview:
    try:
        return (PossibleMatchReview.objects.select_related("source_check", "source_check__checker", "source_check__api_client",
                                                           "resolved_by").get(pk=id, council=council))
    except (PossibleMatchReview.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Candidate:
    measure: Measure
    reasons: list[str]


def review_candidates(*, review: PossibleMatchReview) -> list[Candidate]:
    """Each entry the check found, with why it matched (stored with the check when it ran)."""
    check = review.source_check
    measures = check.measures.select_related("person", "premises").order_by("reference")
    return [Candidate(measure=m, reasons=check.match_reasons.get(str(m.pk), [])) for m in measures]


def possible_match_figures(*, council: Organisation, start: Any, end: Any) -> list[tuple[str, Any]]:
    """For the quarterly report: numbers only. Possible matches opened in the period, how they were answered, and how
    long Customer Relations took (median hours, and how many before the due time)."""
    opened = PossibleMatchReview.objects.filter(council=council, created_at__gte=start, created_at__lt=end)
    if not opened.exists():
        return []
    # An answer always has resolved_at (a database constraint).
    answered: list[tuple[str, datetime, datetime, datetime]] = [
        (status, created, resolved, due) for status, created, resolved, due in opened.exclude(status=PossibleMatchReview.Status.OPEN)
        .values_list("status", "created_at", "resolved_at", "due_at") if resolved is not None]
    hours = sorted((resolved - created).total_seconds() / 3600 for _, created, resolved, _ in answered)
    median = (hours[len(hours) // 2] if len(hours) % 2 else (hours[len(hours) // 2 - 1] + hours[len(hours) // 2]) / 2) if hours else 0
    return [
        ("Possible matches sent to Customer Relations", opened.count()),
        ("Answered: the same person", sum(1 for status, *_ in answered if status == PossibleMatchReview.Status.SAME_PERSON)),
        ("Answered: not the same person", sum(1 for status, *_ in answered if status == PossibleMatchReview.Status.NOT_SAME_PERSON)),
        ("Not answered yet", opened.filter(status=PossibleMatchReview.Status.OPEN).count()),
        ("Answered before the due time", len([1 for _, _, resolved, due in answered if resolved <= due])),
        ("Median time to answer (hours)", round(median, 1)),
    ]
