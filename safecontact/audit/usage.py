"""The usage report by user (R45; Peterborough's "did not monitor who used it", G13): for the DPO and the register
manager, how many checks, record views and downloads each person made over a period, with unusual patterns said in
words. Read-only; the counts come from the audit trail and the check log, so the report needs nothing recorded twice.

Checks, register entries and incidents are later apps than the audit trail: they are looked up by name (as
`audit_person_for` does), so that the trail never imports them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncDate
from django.utils import timezone

from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent

# Thresholds for the patterns the report points out. A pattern is a question for the DPO, never a finding: it is shown
# beside the numbers it rests on.
NO_PLANNED_CONTACT_MIN = 10  # at least this many checks with no planned contact date…
NO_PLANNED_CONTACT_SHARE = 0.5  # …and at least half of the person's checks
WORKING_HOURS = (7, 19)  # 7am to 7pm, Monday to Friday, in the council's time
OUT_OF_HOURS_MIN = 5
OUTSIDE_TEAM_MIN = 5
SPIKE_MIN = 20  # a busiest day of at least this many checks and views…
SPIKE_FACTOR = 3  # …and this many times the person's average on the days they used the service before
BASELINE_DAYS = 84  # the twelve weeks before the period

DOWNLOAD_TYPES = tuple(e.value for e in EventType if e.value.endswith(("_exported", "_downloaded", ".exported", ".downloaded")))
SORTS = {"name": "Name", "checks": "Checks", "views": "Record views", "downloads": "Downloads", "patterns": "Unusual patterns"}


@dataclass
class UsageRow:
    user_id: UUID
    name: str = ""
    team: str = ""
    checks: int = 0
    checks_without_planned_contact: int = 0
    views: int = 0
    downloads: int = 0
    out_of_hours: int = 0
    views_outside_team: int = 0
    busiest_day: date | None = None
    busiest_count: int = 0
    baseline_per_day: float = 0.0
    patterns: list[str] = field(default_factory=list)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _out_of_hours() -> Q:
    start, end = WORKING_HOURS
    return Q(hour__lt=start) | Q(hour__gte=end) | Q(weekday__gte=6)


def _with_hour(qs: Any, field_name: str) -> Any:
    tz = timezone.get_current_timezone()
    return qs.annotate(hour=ExtractHour(field_name, tzinfo=tz), weekday=ExtractIsoWeekDay(field_name, tzinfo=tz))


def _events(*, council: Organisation, start: datetime, end: datetime) -> Any:
    return AuditEvent.objects.filter(council_id=council.pk, actor_type=AuditEvent.ActorType.USER, actor_id__isnull=False,
                                     occurred_at__gte=start, occurred_at__lt=end)


def _checks(*, council: Organisation, start: datetime, end: datetime) -> Any:
    check_model = apps.get_model("checks", "Check")
    return check_model.objects.filter(council=council, checker__isnull=False, created_at__gte=start, created_at__lt=end)


def _count_views_and_downloads(rows: dict[UUID, UsageRow], events: Any) -> None:
    counted = (_with_hour(events.filter(event_type__in=[EventType.VIEWED.value, *DOWNLOAD_TYPES]), "occurred_at")
               .values("actor_id").annotate(views=Count("pk", filter=Q(event_type=EventType.VIEWED.value)),
                                            downloads=Count("pk", filter=Q(event_type__in=DOWNLOAD_TYPES)),
                                            late=Count("pk", filter=Q(event_type=EventType.VIEWED.value) & _out_of_hours())))
    for row in counted:
        usage = rows.setdefault(row["actor_id"], UsageRow(user_id=row["actor_id"]))
        usage.views, usage.downloads, usage.out_of_hours = row["views"], row["downloads"], usage.out_of_hours + row["late"]


def _count_checks(rows: dict[UUID, UsageRow], checks: Any) -> None:
    counted = (_with_hour(checks, "created_at").values("checker_id")
               .annotate(n=Count("pk"), undated=Count("pk", filter=Q(planned_for__isnull=True)),
                         late=Count("pk", filter=_out_of_hours())))
    for row in counted:
        usage = rows.setdefault(row["checker_id"], UsageRow(user_id=row["checker_id"]))
        usage.checks, usage.checks_without_planned_contact = row["n"], row["undated"]
        usage.out_of_hours += row["late"]


def _daily(*, council: Organisation, start: datetime, end: datetime, user_ids: Iterable[UUID]) -> dict[UUID, dict[date, int]]:
    """Checks and views per person per day (the council's days)."""
    tz = timezone.get_current_timezone()
    days: dict[UUID, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    ids = list(user_ids)
    views = (_events(council=council, start=start, end=end).filter(event_type=EventType.VIEWED.value, actor_id__in=ids)
             .annotate(day=TruncDate("occurred_at", tzinfo=tz)).values("actor_id", "day").annotate(n=Count("pk")))
    for row in views:
        days[row["actor_id"]][row["day"]] += row["n"]
    checks = (_checks(council=council, start=start, end=end).filter(checker_id__in=ids)
              .annotate(day=TruncDate("created_at", tzinfo=tz)).values("checker_id", "day").annotate(n=Count("pk")))
    for row in checks:
        days[row["checker_id"]][row["day"]] += row["n"]
    return days


def _count_spikes(rows: dict[UUID, UsageRow], *, council: Organisation, start: datetime, end: datetime) -> None:
    period = _daily(council=council, start=start, end=end, user_ids=rows)
    before = _daily(council=council, start=start - timedelta(days=BASELINE_DAYS), end=start, user_ids=rows)
    for user_id, days in period.items():
        day, count = max(days.items(), key=lambda item: (item[1], item[0]))
        earlier = before.get(user_id) or {}
        rows[user_id].busiest_day, rows[user_id].busiest_count = day, count
        rows[user_id].baseline_per_day = sum(earlier.values()) / len(earlier) if earlier else 0.0


def _count_views_outside_team(rows: dict[UUID, UsageRow], events: Any, teams: dict[UUID, Any]) -> None:
    """Views of a register entry kept for named services that do not include the viewer's team, and of incident
    reports from another team. People with no team are not counted (there is nothing to compare)."""
    views = set(events.filter(event_type=EventType.VIEWED.value, actor_id__in=[u for u, t in teams.items() if t])
                .filter(subject_type__in=["register.measure", "incidents.incident"])
                .values_list("actor_id", "subject_type", "subject_id"))
    if not views:
        return
    measure_ids = {s for _, kind, s in views if kind == "register.measure"}
    incident_ids = {s for _, kind, s in views if kind == "incidents.incident"}
    measure_model, incident_model = apps.get_model("register", "Measure"), apps.get_model("incidents", "Incident")
    services: dict[str, set[Any]] = defaultdict(set)
    for pk, team_id in measure_model.objects.filter(pk__in=measure_ids, scope="services").values_list("pk", "services"):
        if team_id:
            services[str(pk)].add(team_id)
    incident_teams = {str(pk): team_id for pk, team_id in incident_model.objects.filter(pk__in=incident_ids, team__isnull=False)
                      .values_list("pk", "team_id")}
    for actor_id, kind, subject_id in views:
        team = teams[actor_id]
        if kind == "register.measure":
            outside = bool(services.get(subject_id)) and team not in services[subject_id]
        else:
            outside = subject_id in incident_teams and incident_teams[subject_id] != team
        rows[actor_id].views_outside_team += outside


def _patterns(row: UsageRow) -> list[str]:
    patterns = []
    if row.checks_without_planned_contact >= NO_PLANNED_CONTACT_MIN and \
            row.checks_without_planned_contact >= NO_PLANNED_CONTACT_SHARE * row.checks:
        patterns.append(f"{row.checks_without_planned_contact} of {row.checks} checks gave no date of a planned contact")
    if row.out_of_hours >= OUT_OF_HOURS_MIN:
        patterns.append(f"{row.out_of_hours} checks or views out of hours (before 7am, after 7pm or at a weekend)")
    if row.views_outside_team >= OUTSIDE_TEAM_MIN:
        patterns.append(f"{row.views_outside_team} views of records belonging to other teams")
    if row.busiest_day and row.baseline_per_day and row.busiest_count >= SPIKE_MIN \
            and row.busiest_count >= SPIKE_FACTOR * row.baseline_per_day:
        patterns.append(f"{row.busiest_count} checks and views on {row.busiest_day:%-d %B %Y}, against an average of "
                        f"{row.baseline_per_day:.0f} a day before")
    return patterns


def usage_report(*, council: Organisation, since: date, until: date, team_id: Any = None, sort: str = "name") -> list[UsageRow]:
    """One row per person who checked, viewed or downloaded in the council between `since` and `until` (both
    included), optionally only the members of one team; sorted by name, or by a count (largest first)."""
    start, end = _start_of(since), _start_of(until + timedelta(days=1))
    rows: dict[UUID, UsageRow] = {}
    events = _events(council=council, start=start, end=end)
    _count_views_and_downloads(rows, events)
    _count_checks(rows, _checks(council=council, start=start, end=end))
    people = {u.pk: u for u in User.objects.filter(pk__in=list(rows)).select_related("team")}
    if team_id:
        rows = {pk: row for pk, row in rows.items() if pk in people and str(people[pk].team_id) == str(team_id)}
    _count_spikes(rows, council=council, start=start, end=end)
    _count_views_outside_team(rows, events, {pk: people[pk].team_id for pk in rows if pk in people})
    for pk, row in rows.items():
        person = people.get(pk)
        row.name = (person.full_name or person.email) if person else "A user who no longer exists"
        row.team = str(person.team) if person and person.team else ""
        row.patterns = _patterns(row)
    return sort_usage(list(rows.values()), sort)


def sort_usage(rows: list[UsageRow], sort: str) -> list[UsageRow]:
    by_name = sorted(rows, key=lambda row: row.name.lower())
    if sort == "patterns":
        return sorted(by_name, key=lambda row: len(row.patterns), reverse=True)
    if sort in ("checks", "views", "downloads"):
        return sorted(by_name, key=lambda row: getattr(row, sort), reverse=True)
    return by_name
