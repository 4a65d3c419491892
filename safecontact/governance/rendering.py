"""The meeting pack (agenda with each entry's facts) and the minutes (decisions), as HTML for
WeasyPrint, the same way letters are printed (letters.rendering.html_to_pdf)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import council_settings_for
from safecontact.governance.models import AgendaItem, Meeting
from safecontact.governance.selectors_annual import AnnualReport
from safecontact.governance.selectors_dashboard import Dashboard, foi_charts
from safecontact.letters.rendering import html_to_pdf


@dataclass(frozen=True)
class ItemFacts:
    """What the group needs to decide about one entry: no account of the incident, no staff names."""

    item: AgendaItem
    subject: str
    risk_band: str
    days_live: int | None
    incidents: int
    services: list[str]
    shared_with: list[str]
    restrictions: list[str]
    precautions: list[str]


def item_facts(item: AgendaItem, *, today: date | None = None) -> ItemFacts:
    measure = item.measure
    today = today or timezone.localdate()
    subject = ", ".join(str(part) for part in (measure.person, measure.premises) if part is not None)
    return ItemFacts(
        item=item, subject=subject, risk_band=measure.risk_band,
        days_live=(today - measure.approved_on).days if measure.approved_on else None,
        incidents=1 + measure.other_incidents.count(),
        services=[t.name for t in measure.services.all()], shared_with=[o.name for o in measure.shared_with.all()],
        restrictions=[t.label for t in measure.restriction_types.all()], precautions=[p.label for p in measure.precautions.all()],
    )


def _context(meeting: Meeting, items: Any, title: str) -> dict[str, Any]:
    settings_row = council_settings_for(council=meeting.council)
    return {"meeting": meeting, "facts": [item_facts(item) for item in items], "title": title,
            "council_name": meeting.council.name, "register_name": settings_row.register_name,
            "members": list(meeting.members_present.all()), "printed_at": timezone.localtime()}


def pack_pdf(meeting: Meeting, items: Any) -> bytes:
    html = render_to_string("governance/pdf/pack.html", _context(meeting, items, "Meeting pack"))
    return html_to_pdf(html)


def minutes_pdf(meeting: Meeting, items: Any) -> bytes:
    html = render_to_string("governance/pdf/minutes.html", _context(meeting, items, "Minutes"))
    return html_to_pdf(html)


def annual_report_html(report: AnnualReport) -> str:
    footer = f"{report.council_name}: annual review of the behaviour policy, {report.year.year}"
    return render_to_string("governance/pdf/annual_report.html", {"report": report, "footer": footer,
                                                                  "printed_at": timezone.localtime()})


def annual_report_pdf(report: AnnualReport) -> bytes:
    """The Cabinet report: charts are inline SVG, which WeasyPrint draws itself (nothing is fetched)."""
    return html_to_pdf(annual_report_html(report))


def foi_figures_html(board: Dashboard, *, council: Organisation) -> str:
    settings_row = council_settings_for(council=council)
    return render_to_string("governance/pdf/foi_figures.html", {
        "board": board, "charts": foi_charts(board), "council_name": council.name, "register_name": settings_row.register_name,
        "footer": f"{council.name}: register figures, {board.quarter.label}", "printed_at": timezone.localtime()})


def foi_figures_pdf(board: Dashboard, *, council: Organisation) -> bytes:
    return html_to_pdf(foi_figures_html(board, council=council))
