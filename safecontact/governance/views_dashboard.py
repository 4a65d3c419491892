from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.core.csv_export import csv_download
from safecontact.governance.selectors_dashboard import dashboard as dashboard_for
from safecontact.governance.selectors_dashboard import foi_rows
from safecontact.governance.selectors_report import quarter_choices, quarter_parse


@requires(Action.GOVERNANCE_REPORT_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts only, like the quarterly report, so the page is not an audited view of the register."""
    quarter = quarter_parse(request.GET.get("quarter"))
    board = dashboard_for(council=request.council, quarter=quarter)  # type: ignore[attr-defined]
    return render(request, "governance/dashboard.html", {"board": board, "quarters": quarter_choices(), "quarter": quarter})


@requires(Action.GOVERNANCE_REPORT_VIEW)
def dashboard_foi_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures as published in answer to a freedom of information request: 1 to 4 withheld."""
    quarter = quarter_parse(request.GET.get("quarter"))
    header, *rows = foi_rows(dashboard_for(council=request.council, quarter=quarter))  # type: ignore[attr-defined]
    return csv_download(filename=f"register-figures-{quarter.key}-foi.csv", header=header, rows=rows)
