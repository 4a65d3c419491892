"""The register dashboard (issue 17): counts only, per council, drawn as charts with their tables. The same figures,
with small numbers suppressed, are the FOI-safe aggregates export (R85)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.appeals.models import Appeal
from safecontact.checks.desk_selectors import possible_match_figures
from safecontact.checks.models import Check
from safecontact.governance.charts import Chart, bar_chart
from safecontact.governance.selectors_report import BANDS, GovernanceReport, Period, Quarter, live_at, quarter_span
from safecontact.register.models import Measure, risk_band
from safecontact.reviews.models import Review

TREND_QUARTERS = 4


def _quarters_to(quarter: Quarter) -> list[Quarter]:
    quarters = [quarter]
    while len(quarters) < TREND_QUARTERS:
        quarters.append(quarters[-1].previous())
    return list(reversed(quarters))


def _short(quarter: Quarter) -> str:
    return f"Q{quarter.number} {quarter.year}"


def entries_by_kind(*, council: Organisation, day: date) -> list[tuple[str, int]]:
    counts = Counter(live_at(council=council, day=day).values_list("kind", flat=True))
    return [(label, counts[value]) for value, label in Measure.Kind.choices]


def entries_by_band(*, council: Organisation, day: date) -> list[tuple[str, int]]:
    """Every band is listed, zeros too, so that a chart compared across quarters keeps its shape."""
    live = live_at(council=council, day=day)
    counts = Counter(risk_band(impact, likelihood) or "none" for impact, likelihood in live.values_list("risk_impact", "risk_likelihood"))
    return [(band.capitalize(), counts[band]) for band in BANDS] + [("No risk band (contact restrictions)", counts["none"])]


def new_per_quarter(*, council: Organisation, quarter: Quarter) -> list[tuple[str, int]]:
    return [(_short(q), Measure.objects.filter(council=council, approved_on__gte=q.starts_on, approved_on__lte=q.ends_on).count())
            for q in _quarters_to(quarter)]


def ended_per_quarter(*, council: Organisation, quarter: Quarter) -> list[tuple[str, int]]:
    # A refused proposal never reached the register, so it did not "end" (as in the quarterly report).
    return [(_short(q), Measure.objects.filter(council=council, ends_on__gte=q.starts_on, ends_on__lte=q.ends_on)
             .exclude(ended_reason="").exclude(ended_reason=Measure.EndedReason.REFUSED).count()) for q in _quarters_to(quarter)]


def reviews_on_time(*, council: Organisation, quarter: Period) -> list[tuple[str, int]]:
    """Reviews completed in the quarter, on or before the review date they had, or after it."""
    done = Review.objects.filter(council=council, completed_on__gte=quarter.starts_on, completed_on__lte=quarter.ends_on)
    on_time = len([1 for completed, due in done.values_list("completed_on", "due_on") if completed is not None and completed <= due])
    return [("Done by the review date", on_time), ("Done after the review date", done.count() - on_time)]


def appeals_and_outcomes(*, council: Organisation, quarter: Period) -> list[tuple[str, int]]:
    start, end = quarter_span(quarter)
    received = Appeal.objects.filter(council=council, received_on__gte=quarter.starts_on, received_on__lte=quarter.ends_on).count()
    outcomes = dict(Appeal.Outcome.choices)
    decided = Counter(outcomes.get(o, o).split(":")[0] for o in Appeal.objects.filter(
        council=council, decided_at__gte=start, decided_at__lt=end).exclude(outcome="").values_list("outcome", flat=True))
    return [("Appeals received", received)] + [(f"Decided: {label}", count) for label, count in sorted(decided.items())]


def possible_match_answers(*, council: Organisation, quarter: Period) -> list[tuple[str, int]]:
    """Counts only: the median time to answer is not a count, so it stays on the quarterly report."""
    start, end = quarter_span(quarter)
    return [(label, value) for label, value in possible_match_figures(council=council, start=start, end=end)
            if isinstance(value, int) and "(hours)" not in label]


def checks_by_service(*, council: Organisation, quarter: Period) -> list[tuple[str, int]]:
    """The checker's team or service area; a partner's API client by its organisation."""
    start, end = quarter_span(quarter)
    names = [team or client_org or "No team recorded" for team, client_org in Check.objects.filter(
        council=council, created_at__gte=start, created_at__lt=end).values_list("checker__team__name", "api_client__organisation__name")]
    return sorted(Counter(names).items(), key=lambda pair: (-pair[1], pair[0]))


@dataclass
class Dashboard:
    quarter: Quarter
    as_at: date
    charts: list[Chart]


def dashboard(*, council: Organisation, quarter: Quarter, today: date | None = None) -> Dashboard:
    as_at = min(today or timezone.localdate(), quarter.ends_on)
    c, q = council, quarter
    return Dashboard(quarter=quarter, as_at=as_at, charts=[
        bar_chart(slug="kind", title="Live entries by kind", column="Kind", rows=entries_by_kind(council=council, day=as_at)),
        bar_chart(slug="band", title="Live entries by risk band", column="Risk band", rows=entries_by_band(council=council, day=as_at)),
        bar_chart(slug="new", title="New entries per quarter", column="Quarter", rows=new_per_quarter(council=c, quarter=q)),
        bar_chart(slug="ended", title="Entries ended per quarter", column="Quarter", rows=ended_per_quarter(council=c, quarter=q)),
        bar_chart(slug="reviews", title="Reviews done in the quarter", column="Reviews", rows=reviews_on_time(council=c, quarter=q)),
        bar_chart(slug="appeals", title="Appeals and their outcomes", column="Appeals", rows=appeals_and_outcomes(council=c, quarter=q)),
        bar_chart(slug="matches", title="Possible matches answered by Customer Relations", column="Possible matches",
                  rows=possible_match_answers(council=c, quarter=q), empty="No check gave a possible match."),
        bar_chart(slug="checks", title="Checks by service", column="Service", rows=checks_by_service(council=c, quarter=q), empty="No checks."),
    ])


# Rows that are the total of others in their chart ("sent" = answered either way + not answered): published beside
# them, a total gives away a withheld figure by subtraction, so the FOI-safe exports leave them out.
TOTAL_ROWS = frozenset({"Possible matches sent to Customer Relations"})


def foi_charts(board: Dashboard) -> list[Chart]:
    """The dashboard's charts as published: 1 to 4 read "fewer than 5" (bars included), totals left out."""
    return [bar_chart(slug=c.slug, title=c.title, column=c.column, empty=c.empty, suppressed=True,
                      rows=[(label, count) for label, count in c.rows if label not in TOTAL_ROWS]) for c in board.charts]


def foi_rows(board: Dashboard) -> list[list[str]]:
    """The FOI-safe aggregates: every figure of the dashboard with 1 to 4 shown as "fewer than 5". No totals are
    added, so a withheld figure cannot be worked out by subtraction from a total this export prints."""
    rows = [["Figure", "Category", "Number"]]
    for chart in foi_charts(board):
        rows.extend([chart.title, label, shown] for label, shown in chart.table)
    return rows


def report_charts(report: GovernanceReport) -> list[Chart]:
    """The quarterly report's breakdowns as charts (each with its table)."""
    return [
        bar_chart(slug="band", title="Live entries by risk band", column="Risk band", rows=report.live_by_band, empty="No live entries."),
        bar_chart(slug="service", title="Live entries by service", column="Service", rows=report.live_by_service, empty="No live entries."),
        bar_chart(slug="ended", title="Entries ended in the quarter", column="How it ended", rows=report.ended_by_reason,
                  empty="No entries ended."),
        bar_chart(slug="appeals", title="Appeals decided", column="Outcome", rows=report.appeals_decided, empty="No appeals decided."),
    ]
