"""Reads for reviews. Every selector takes the council and returns only that council's rows; the
`*_get_for` selectors raise 404 for anything else (house style: not yours = does not exist)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.accounts.models import Organisation, User
from safecontact.core.workdays import add_months
from safecontact.incidents.models import Incident
from safecontact.register.models import LIVE_STATUSES, Measure
from safecontact.register.selectors import MEASURE_RELATED
from safecontact.reviews.models import Review, ReviewSettings


def review_settings_for(*, council: Organisation) -> ReviewSettings:
    settings_row, _ = ReviewSettings.objects.get_or_create(council=council)
    return settings_row


def _live(council: Organisation) -> QuerySet[Measure]:
    return Measure.objects.filter(council=council, status__in=LIVE_STATUSES).select_related(*MEASURE_RELATED)


def overdue_cutoff(*, council: Organisation, today: date) -> date:
    """A live measure whose review date is before this day is "review overdue" (due date + grace passed)."""
    return today - timedelta(days=review_settings_for(council=council).grace_days)


def overdue_measures(*, council: Organisation, today: date) -> QuerySet[Measure]:
    """Live measures past their review date plus the grace period: shown everywhere, escalated."""
    return _live(council).filter(review_due__lt=overdue_cutoff(council=council, today=today)).order_by("review_due")


def due_measures(*, council: Organisation, today: date) -> QuerySet[Measure]:
    """Live measures whose review date is within the first reminder window, or past."""
    window = max(review_settings_for(council=council).reminder_day_list)
    return _live(council).filter(review_due__lte=today + timedelta(days=window)).order_by("review_due")


def long_lived_measures(*, council: Organisation, today: date) -> QuerySet[Measure]:
    """Live measures that started longer ago than the setting (default 2 years): flagged for senior
    scrutiny whatever their reviews said (domain G14)."""
    cutoff = add_months(today, -review_settings_for(council=council).long_lived_months)
    return _live(council).filter(
        Q(starts_on__lte=cutoff) | Q(starts_on__isnull=True, approved_on__lte=cutoff)
    ).order_by("starts_on")


def reviews_recommending_removal(*, council: Organisation, since: date | None) -> QuerySet[Review]:
    """Completed reviews recommending removal (on or after `since`, if given) whose measure is still
    live and which are the latest completed review of their measure: the Governance Group's agenda."""
    later = Review.objects.filter(measure=OuterRef("measure"), completed_on__isnull=False, created_at__gt=OuterRef("created_at"))
    qs = Review.objects.filter(
        council=council, outcome=Review.Outcome.RECOMMEND_REMOVAL, completed_on__isnull=False, measure__status__in=LIVE_STATUSES,
    ).exclude(Exists(later))
    if since is not None:
        qs = qs.filter(completed_on__gte=since)
    return qs.select_related("measure", "reviewer").order_by("completed_on", "created_at")


def review_overdue_ids(*, measures: list[Measure], today: date) -> set[Any]:
    """Of these measures (one council's), the ids whose review is overdue. One query for the setting."""
    if not measures:
        return set()
    cutoff = today - timedelta(days=review_settings_for(council=measures[0].council).grace_days)
    return {m.pk for m in measures if m.is_live and m.review_due is not None and m.review_due < cutoff}


# --- For the pages ---
def my_reviews_for(*, actor: User, council: Organisation, today: date) -> QuerySet[Measure]:
    return due_measures(council=council, today=today).filter(owner=actor)


def reviews_due_for(*, actor: User, council: Organisation, today: date, show: str = "") -> QuerySet[Measure]:
    if not can(actor, Action.REVIEW_LIST_ALL, council):
        return Measure.objects.none()
    if show == "overdue":
        return overdue_measures(council=council, today=today)
    if show == "long_lived":
        return long_lived_measures(council=council, today=today)
    return due_measures(council=council, today=today)


def measure_for_review(*, actor: User, council: Organisation, id: Any) -> Measure:
    """Any measure of the council (live or not: the history stays readable); 404 otherwise."""
    if not (can(actor, Action.REVIEW_VIEW, council) or can(actor, Action.REVIEW_RECORD, council)):
        raise Http404
    try:
        return Measure.objects.select_related(*MEASURE_RELATED).get(council=council, pk=id)
    except (Measure.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def review_get_for(*, actor: User, council: Organisation, id: Any) -> Review:
    if not can(actor, Action.REVIEW_VIEW, council):
        raise Http404
    try:
        return Review.objects.select_related("measure", "reviewer", "letter").get(council=council, pk=id)
    except (Review.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def reviews_of(*, measure: Measure) -> QuerySet[Review]:
    return Review.objects.filter(measure=measure, council=measure.council_id).select_related("reviewer")


def last_review(*, measure: Measure) -> Review | None:
    return reviews_of(measure=measure).filter(completed_on__isnull=False).order_by("-completed_on", "-created_at").first()


def evidence_since(*, measure: Measure) -> datetime | None:
    """The moment from which evidence is new: the last completed review, else the approval."""
    review = last_review(measure=measure)
    if review is not None:
        return review.created_at
    return measure.approved_at


@dataclass
class Evidence:
    since: datetime | None
    incidents: list[Incident]
    checks: int


def new_incidents_for(*, measure: Measure, since: datetime | None) -> QuerySet[Incident]:
    """Submitted incidents about the measure's person, or linked to the measure, after `since`
    (the originating incident is never "new")."""
    about = Q(measures=measure)
    if measure.person_id:
        about |= Q(person_id=measure.person_id)
    qs = Incident.objects.filter(about, council=measure.council_id).exclude(status=Incident.Status.DRAFT)
    qs = qs.exclude(pk=measure.originating_incident_id)
    if since is not None:
        qs = qs.filter(submitted_at__gt=since)
    return qs.distinct().order_by("submitted_at")


def review_evidence(*, measure: Measure) -> Evidence:
    """What the reviewer must consider, listed automatically (domain R57): incidents and checks since the last review."""
    since = evidence_since(measure=measure)
    checks = measure.checks.all()
    if since is not None:
        checks = checks.filter(created_at__gt=since)
    return Evidence(since=since, incidents=list(new_incidents_for(measure=measure, since=since)), checks=checks.count())


def reviews_home_tasks(*, actor: User, council: Organisation) -> list[tuple[str, int, str, str]]:
    """(title, count, url name, query) for the home page's "what needs you now" panel."""
    from django.utils import timezone

    today, tasks = timezone.localdate(), []
    if can(actor, Action.REVIEW_LIST_OWN, council):
        mine = my_reviews_for(actor=actor, council=council, today=today).count()
        if mine:
            tasks.append(("Entries you own due for review", mine, "reviews:my_reviews", ""))
    if can(actor, Action.REVIEW_LIST_ALL, council):
        overdue = overdue_measures(council=council, today=today).count()
        if overdue:
            tasks.append(("Reviews overdue", overdue, "reviews:reviews_due", "?show=overdue"))
        long_lived = long_lived_measures(council=council, today=today).count()
        if long_lived:
            tasks.append(("Entries live for longer than the council's limit", long_lived, "reviews:reviews_due", "?show=long_lived"))
    return tasks
