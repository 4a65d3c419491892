"""The usage report by user (R45): a page with filters, order and pages, and the same rows as a CSV download that is
itself audited. Both for the DPO and the register manager."""

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.accounts.selectors import teams_for
from safecontact.audit.events import EventType
from safecontact.audit.forms import UsageFilterForm
from safecontact.audit.services import audit_access, audit_record
from safecontact.audit.usage import SORTS, UsageRow, usage_report
from safecontact.core.csv_export import csv_download

DEFAULT_DAYS = 30


def _report(request: HttpRequest) -> dict[str, Any]:
    council = request.council  # type: ignore[attr-defined]
    teams = [(str(t.pk), t.name) for t in teams_for(council=council)]
    form = UsageFilterForm(request.GET or None, teams=teams, sorts=SORTS)
    today = timezone.localdate()
    since, until, team, sort = today - timedelta(days=DEFAULT_DAYS - 1), today, "", "name"
    if form.is_bound and form.is_valid():
        since = form.cleaned_data["since"] or (form.cleaned_data["until"] or today) - timedelta(days=DEFAULT_DAYS - 1)
        until = form.cleaned_data["until"] or today
        team, sort = form.cleaned_data["team"], form.cleaned_data["sort"] or "name"
    rows = usage_report(council=council, since=since, until=until, team_id=team or None, sort=sort)
    kept = {key: value for key, value in request.GET.items() if key != "page" and value}
    return {"form": form, "rows": rows, "since": since, "until": until, "team": team, "sort": sort,
            "query": urlencode(kept)}


@requires(Action.USAGE_REPORT_VIEW)
def usage_report_page(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    page = Paginator(report["rows"], 50).get_page(request.GET.get("page"))
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="usage_report")  # type: ignore[attr-defined]
    return render(request, "audit/usage_report.html", {**report, "page": page, "patterns": sum(1 for r in report["rows"] if r.patterns)})


def _csv_row(row: UsageRow) -> list[Any]:
    return [row.name, row.team, row.checks, row.checks_without_planned_contact, row.views, row.downloads, row.out_of_hours,
            row.views_outside_team, "; ".join(row.patterns)]


@requires(Action.USAGE_REPORT_VIEW)
def usage_report_export(request: HttpRequest) -> HttpResponse:
    """The filtered report as CSV. The download is an event itself: the trail shows who took a copy, and of what."""
    report = _report(request)
    since: date = report["since"]
    until: date = report["until"]
    audit_record(actor=request.user, event=EventType.USAGE_REPORT_EXPORTED, council=request.council,  # type: ignore[attr-defined]
                 subject=request.council, data={"since": str(since), "until": str(until),  # type: ignore[attr-defined]
                                                "team": report["team"], "rows": len(report["rows"])})
    return csv_download(
        filename=f"usage-{since:%Y-%m-%d}-to-{until:%Y-%m-%d}.csv",
        header=["Name", "Team", "Checks", "Checks with no planned contact date", "Record views", "Downloads",
                "Checks or views out of hours", "Views of other teams' records", "Unusual patterns"],
        rows=(_csv_row(row) for row in report["rows"]),
    )
