"""The annual policy review report for Cabinet (R84, R85, R106): the register's own figures for a calendar year, each
as a chart with its table, and a short commentary comparing the year with the one before, in words.

North Northamptonshire reviewed its policy "alongside the internal staff alert register" (NNC 4.3) and Cheltenham
promised an annual review (6.3): these are the figures such a review reads. A Cabinet report is published, so every
figure in it is FOI-safe: counts of 1 to 4 read "fewer than 5" in the tables, the charts and the commentary, no
total is printed that would let a withheld figure be worked out by subtraction, and the equality monitoring table
withholds as equality.selectors does.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import council_settings_for
from safecontact.equality.selectors import EqualityFigures, equality_figures
from safecontact.governance.charts import Chart, bar_chart, suppress
from safecontact.governance.selectors_dashboard import (
    appeals_and_outcomes,
    checks_by_service,
    entries_by_band,
    entries_by_kind,
    possible_match_answers,
    reviews_on_time,
)
from safecontact.governance.selectors_report import live_at, quarter_span
from safecontact.incidents.models import Incident
from safecontact.register.models import Measure

YEARS_OFFERED = 5
# The possible-match chart's first row is the total of the others ("sent" = answered + not answered): printed beside
# them it would give away a withheld one, so the published report leaves it out.
POSSIBLE_MATCH_TOTAL = "Possible matches sent to Customer Relations"


@dataclass(frozen=True)
class Year:
    year: int

    @property
    def key(self) -> str:
        return str(self.year)

    @property
    def starts_on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"1 January to 31 December {self.year}"

    def previous(self) -> Year:
        return Year(self.year - 1)


def year_choices(*, today: date | None = None, count: int = YEARS_OFFERED) -> list[Year]:
    current = (today or timezone.localdate()).year
    return [Year(current - offset) for offset in range(count)]


def year_parse(value: str | None, *, today: date | None = None) -> Year | None:
    """One of the years offered, from "2026"; None for anything else."""
    offered = {year.key: year for year in year_choices(today=today)}
    return offered.get((value or "").strip())


def new_and_ended(*, council: Organisation, year: Year) -> list[tuple[str, int]]:
    new = Measure.objects.filter(council=council, approved_on__gte=year.starts_on, approved_on__lte=year.ends_on).count()
    # A refused proposal never reached the register, so it did not "end" (as on the dashboard and quarterly report).
    ended = Measure.objects.filter(council=council, ends_on__gte=year.starts_on, ends_on__lte=year.ends_on).exclude(
        ended_reason="").exclude(ended_reason=Measure.EndedReason.REFUSED)
    reasons = dict(Measure.EndedReason.choices)
    by_reason = Counter(reasons.get(r, r) for r in ended.values_list("ended_reason", flat=True))
    return [("New entries", new)] + [(f"Ended: {label}", by_reason[label]) for value, label in Measure.EndedReason.choices
                                     if value != Measure.EndedReason.REFUSED]


def incidents_by_channel(*, council: Organisation, year: Year) -> list[tuple[str, int]]:
    """Reports submitted about incidents that happened in the year, by how the behaviour reached us. Drafts are not
    reports yet."""
    start, end = quarter_span(year)
    channels = Counter(Incident.objects.filter(council=council, occurred_at__gte=start, occurred_at__lt=end).exclude(
        status=Incident.Status.DRAFT).values_list("channel", flat=True))
    return [(label, channels[value]) for value, label in Incident.Channel.choices] + [("Not recorded", channels[""])]


def restrictions_by_type(*, council: Organisation, day: date) -> list[tuple[str, int]]:
    """Contact restrictions in force at the end of the year, by what they restrict (one entry may restrict several)."""
    restrictions = live_at(council=council, day=day).filter(kind=Measure.Kind.CONTACT_RESTRICTION)
    counts = Counter(label for label in restrictions.values_list("restriction_types__label", flat=True) if label)
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _figures(*, council: Organisation, year: Year, as_at: date) -> dict[str, list[tuple[str, int]]]:
    c = council
    return {
        "kind": entries_by_kind(council=c, day=as_at),
        "band": entries_by_band(council=c, day=as_at),
        "new_ended": new_and_ended(council=c, year=year),
        "reviews": reviews_on_time(council=c, quarter=year),
        "appeals": appeals_and_outcomes(council=c, quarter=year),
        "matches": [row for row in possible_match_answers(council=c, quarter=year) if row[0] != POSSIBLE_MATCH_TOTAL],
        "checks": checks_by_service(council=c, quarter=year),
        "channels": incidents_by_channel(council=c, year=year),
        "restrictions": restrictions_by_type(council=c, day=as_at),
    }


# slug: (title, table column, what the figure is, shown under the heading; what to say when there is nothing)
CHARTS: dict[str, tuple[str, str, str, str]] = {
    "kind": ("Live entries by kind", "Kind", "Entries in force on the last day of the year.", "No live entries."),
    "band": ("Live entries by risk band", "Risk band", "Safety markers by the risk band of their assessment; contact "
             "restrictions have none.", "No live entries."),
    "new_ended": ("New and ended entries", "Entries", "Entries approved in the year, and entries that ended in it, by how "
                  "they ended.", "No entries began or ended."),
    "reviews": ("Reviews done on time", "Reviews", "Reviews completed in the year, by whether they were done by the "
                "entry's review date.", "No reviews were done."),
    "appeals": ("Appeals and their outcomes", "Appeals", "Appeals received in the year, and appeals decided in it by "
                "outcome.", "No appeals."),
    "matches": ("Possible matches answered", "Possible matches", "Checks that found someone who might be on the register, "
                "and how Customer Relations answered.", "No check gave a possible match."),
    "checks": ("Checks by service", "Service", "Checks before contact, by the checker's team or the partner organisation.",
               "No checks."),
    "channels": ("Incidents by channel", "Channel", "Incident reports about the year's incidents, by how the behaviour "
                 "reached us.", "No incidents reported."),
    "restrictions": ("Contact restrictions by type", "Restriction", "Contact restrictions in force on the last day of the "
                     "year, by what they restrict; one entry may restrict several things.", "No contact restrictions."),
}


@dataclass(frozen=True)
class Section:
    chart: Chart
    about: str


@dataclass
class AnnualReport:
    year: Year
    as_at: date
    council_name: str
    register_name: str
    sections: list[Section] = field(default_factory=list)
    commentary: list[str] = field(default_factory=list)
    equality: EqualityFigures | None = None

    @property
    def in_progress(self) -> bool:
        return self.as_at < self.year.ends_on


def _total_if_safe(rows: list[tuple[str, int]]) -> int | None:
    """A total may be printed only if no part of it is withheld: otherwise subtraction gives the withheld part away."""
    if any(0 < count < 5 for _, count in rows):
        return None
    return sum(count for _, count in rows)


def change_in_words(what: str, now: int | None, before: int | None, *, year: Year) -> str:
    """One sentence comparing the year with the one before, FOI-safe: small numbers read "fewer than 5", and no
    difference is given when either number is withheld (a difference and one number give the other)."""
    this, last = year.year, year.year - 1
    if now is None or before is None:
        return f"{what}: not compared, as it would show a number under 5."
    shown_now, shown_before = suppress(now), suppress(before)
    if now == before:
        return f"{what}: {shown_now} in {this}, the same as in {last}."
    if 0 < now < 5 or 0 < before < 5:
        return f"{what}: {shown_now} in {this}, against {shown_before} in {last}."
    direction = "rose" if now > before else "fell"
    if before == 0:
        return f"{what} {direction} from none in {last} to {shown_now} in {this}."
    percent = round(100 * abs(now - before) / before)
    return f"{what} {direction} from {shown_before} in {last} to {shown_now} in {this} ({percent}% {'more' if now > before else 'fewer'})."


def _commentary(figures: dict[str, list[tuple[str, int]]], earlier: dict[str, list[tuple[str, int]]], year: Year,
                as_at: date) -> list[str]:
    def row(rows: list[tuple[str, int]], label: str) -> int:
        return dict(rows).get(label, 0)

    lines = []
    if as_at < year.ends_on:
        lines.append(f"The figures for {year.year} run to {as_at:%-d %B %Y}, so part of a year is compared with the whole "
                     f"of {year.year - 1}.")
    lines += [
        change_in_words("Live entries at the end of the year", _total_if_safe(figures["kind"]), _total_if_safe(earlier["kind"]),
                        year=year),
        change_in_words("New entries", row(figures["new_ended"], "New entries"), row(earlier["new_ended"], "New entries"),
                        year=year),
        change_in_words("Entries ended", _total_if_safe(figures["new_ended"][1:]), _total_if_safe(earlier["new_ended"][1:]),
                        year=year),
        change_in_words("Reviews done by their review date", row(figures["reviews"], "Done by the review date"),
                        row(earlier["reviews"], "Done by the review date"), year=year),
        change_in_words("Appeals received", row(figures["appeals"], "Appeals received"), row(earlier["appeals"], "Appeals received"),
                        year=year),
        change_in_words("Incident reports", _total_if_safe(figures["channels"]), _total_if_safe(earlier["channels"]), year=year),
        change_in_words("Checks before contact", _total_if_safe(figures["checks"]), _total_if_safe(earlier["checks"]), year=year),
    ]
    return lines


def annual_report(*, council: Organisation, year: Year, today: date | None = None, with_equality: bool = True) -> AnnualReport:
    today = today or timezone.localdate()
    as_at = min(today, year.ends_on)
    figures = _figures(council=council, year=year, as_at=as_at)
    earlier = _figures(council=council, year=year.previous(), as_at=year.previous().ends_on)
    settings_row = council_settings_for(council=council)
    sections = [Section(chart=bar_chart(slug=slug, title=title, column=column, rows=figures[slug], empty=empty, suppressed=True),
                        about=about) for slug, (title, column, about, empty) in CHARTS.items()]
    return AnnualReport(
        year=year, as_at=as_at, council_name=council.name, register_name=settings_row.register_name, sections=sections,
        commentary=_commentary(figures, earlier, year, as_at),
        equality=equality_figures(council=council, day=as_at) if with_equality else None,
    )

