"""The quarterly governance report (domain R84): numbers only, never a name. Live entries are
counted as at the end of the quarter (or today, for the quarter in progress)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import Q, QuerySet
from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.appeals.models import Appeal
from safecontact.cases.models import Decision
from safecontact.checks.desk_selectors import possible_match_figures
from safecontact.checks.models import Check
from safecontact.incidents.models import Triage
from safecontact.register.models import Measure, risk_band

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
BANDS = ("very high", "high", "medium", "low")


class Period(Protocol):
    """A quarter, or a year (selectors_annual.Year): the figures that count "in the period" need only its days."""

    @property
    def starts_on(self) -> date: ...

    @property
    def ends_on(self) -> date: ...


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def starts_on(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def ends_on(self) -> date:
        following = date(self.year + 1, 1, 1) if self.number == 4 else date(self.year, 3 * self.number + 1, 1)
        return following - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.starts_on:%B} to {self.ends_on:%B %Y} (Q{self.number})"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_parse(value: str | None, *, today: date | None = None) -> Quarter:
    """A quarter from '2026-Q1'; the current one for anything else, and never one in the future."""
    current = quarter_of(today or timezone.localdate())
    match = QUARTER.match(value or "")
    if not match:
        return current
    quarter = Quarter(int(match.group(1)), int(match.group(2)))
    return current if (quarter.year, quarter.number) > (current.year, current.number) else quarter


def quarter_choices(*, today: date | None = None, count: int = 8) -> list[Quarter]:
    quarters = [quarter_of(today or timezone.localdate())]
    while len(quarters) < count:
        quarters.append(quarters[-1].previous())
    return quarters


@dataclass
class GovernanceReport:
    quarter: Quarter
    as_at: date
    live_total: int = 0
    live_by_band: list[tuple[str, int]] = field(default_factory=list)
    live_by_service: list[tuple[str, int]] = field(default_factory=list)
    new_entries: int = 0
    removals: int = 0
    ended_by_reason: list[tuple[str, int]] = field(default_factory=list)
    overdue_reviews: int = 0
    appeals_received: int = 0
    appeals_decided: list[tuple[str, int]] = field(default_factory=list)
    informal_warnings: int = 0
    formal_warnings: int = 0
    restrictions_by_type: list[tuple[str, int]] = field(default_factory=list)
    entries_shared_by_partner: list[tuple[str, int]] = field(default_factory=list)
    partner_checks_with_precautions: list[tuple[str, int]] = field(default_factory=list)
    possible_matches: list[tuple[str, Any]] = field(default_factory=list)  # the possible-match desk (issue 15)

    @property
    def is_empty(self) -> bool:
        return not any((self.live_total, self.new_entries, self.ended_by_reason, self.overdue_reviews, self.appeals_received,
                        self.appeals_decided, self.informal_warnings, self.formal_warnings, self.partner_checks_with_precautions,
                        self.possible_matches))


def quarter_span(quarter: Period) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(quarter.starts_on, time.min, tzinfo=tz)
    return start, datetime.combine(quarter.ends_on + timedelta(days=1), time.min, tzinfo=tz)


def live_at(*, council: Organisation, day: date) -> QuerySet[Measure]:
    """Entries approved on or before `day` and not ended by then."""
    return Measure.objects.filter(council=council, approved_on__isnull=False, approved_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=day)).exclude(status__in=(Measure.Status.DRAFT, Measure.Status.AWAITING_APPROVAL))


def _counted(values: Any) -> list[tuple[str, int]]:
    return sorted(Counter(values).items(), key=lambda pair: (-pair[1], pair[0]))


def _by_band(live: QuerySet[Measure]) -> list[tuple[str, int]]:
    counts = Counter(risk_band(impact, likelihood) or "none" for impact, likelihood in live.values_list("risk_impact", "risk_likelihood"))
    rows = [(band.capitalize(), counts[band]) for band in BANDS if counts[band]]
    if counts["none"]:
        rows.append(("No risk band (contact restrictions)", counts["none"]))
    return rows


def _external(check_qs: QuerySet[Check], council: Organisation) -> list[tuple[str, int]]:
    names = []
    for user_org, client_org in check_qs.values_list("checker__organisation__name", "api_client__organisation__name"):
        names.append(user_org or client_org or "Unknown")
    return _counted(names)


def governance_report(*, council: Organisation, quarter: Quarter, today: date | None = None) -> GovernanceReport:
    from safecontact.reviews.selectors import overdue_measures

    today = today or timezone.localdate()
    as_at = min(today, quarter.ends_on)
    start, end = quarter_span(quarter)
    report = GovernanceReport(quarter=quarter, as_at=as_at)
    live = live_at(council=council, day=as_at)
    report.live_total = live.count()
    report.live_by_band = _by_band(live)
    report.live_by_service = _counted(name or "No named service" for name in live.values_list("services__name", flat=True))
    report.new_entries = Measure.objects.filter(council=council, approved_on__gte=quarter.starts_on, approved_on__lte=quarter.ends_on).count()
    ended = Measure.objects.filter(council=council, ends_on__gte=quarter.starts_on, ends_on__lte=quarter.ends_on).exclude(ended_reason="")
    reasons = dict(Measure.EndedReason.choices)
    report.ended_by_reason = _counted(reasons.get(r, r) for r in ended.exclude(ended_reason=Measure.EndedReason.REFUSED)
                                      .values_list("ended_reason", flat=True))
    report.removals = ended.filter(ended_reason=Measure.EndedReason.REMOVED).count()
    report.overdue_reviews = len(list(overdue_measures(council=council, today=as_at)))
    report.appeals_received = Appeal.objects.filter(council=council, received_on__gte=quarter.starts_on,
                                                    received_on__lte=quarter.ends_on).count()
    outcomes = dict(Appeal.Outcome.choices)
    report.appeals_decided = _counted(outcomes.get(o, o).split(":")[0] for o in Appeal.objects.filter(
        council=council, decided_at__gte=start, decided_at__lt=end).exclude(outcome="").values_list("outcome", flat=True))
    report.informal_warnings = Triage.objects.filter(council=council, outcome=Triage.Outcome.INFORMAL_WARNING,
                                                     created_at__gte=start, created_at__lt=end).count()
    report.formal_warnings = Decision.objects.filter(council=council, outcome=Decision.Outcome.FORMAL_WARNING,
                                                     decided_at__gte=start, decided_at__lt=end).count()
    restrictions = live.filter(kind=Measure.Kind.CONTACT_RESTRICTION)
    report.restrictions_by_type = _counted(label for label in restrictions.values_list("restriction_types__label", flat=True) if label)
    report.entries_shared_by_partner = _counted(name for name in live.values_list("shared_with__name", flat=True) if name)
    external_checks = Check.objects.filter(council=council, outcome=Check.Outcome.PRECAUTIONS_APPLY, created_at__gte=start,
                                           created_at__lt=end).exclude(checker__organisation=council).exclude(
        api_client__organisation=council)
    report.partner_checks_with_precautions = _external(external_checks, council)
    report.possible_matches = possible_match_figures(council=council, start=start, end=end)
    return report
