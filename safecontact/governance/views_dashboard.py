from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.csv_export import csv_download
from safecontact.governance.rendering import foi_figures_pdf
from safecontact.governance.selectors_dashboard import dashboard as dashboard_for
from safecontact.governance.selectors_dashboard import foi_rows
from safecontact.governance.selectors_report import quarter_choices, quarter_parse


@requires(Action.GOVERNANCE_REPORT_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Counts only, like the quarterly report, so the page is not an audited view of the register."""
    quarter = quarter_parse(request.GET.get("quarter"))
    board = dashboard_for(council=request.council, quarter=quarter)  # type: ignore[attr-defined]
    return render(request, "governance/dashboard.html", {
        "board": board, "quarters": quarter_choices(), "quarter": quarter,
        "can_annual_report": can(request.user, Action.GOVERNANCE_ANNUAL_REPORT, request.council),  # type: ignore[arg-type,attr-defined]
    })


@requires(Action.GOVERNANCE_REPORT_VIEW)
def dashboard_foi_csv(request: HttpRequest) -> HttpResponse:
    """The dashboard's figures as published in answer to a freedom of information request: 1 to 4 withheld."""
    quarter = quarter_parse(request.GET.get("quarter"))
    header, *rows = foi_rows(dashboard_for(council=request.council, quarter=quarter))  # type: ignore[attr-defined]
    return csv_download(filename=f"register-figures-{quarter.key}-foi.csv", header=header, rows=rows)


@requires(Action.GOVERNANCE_REPORT_VIEW)
def dashboard_foi_pdf(request: HttpRequest) -> HttpResponse:
    """The same FOI-safe figures as the CSV, as charts and tables to attach to an answer; the download is audited."""
    council = request.council  # type: ignore[attr-defined]
    quarter = quarter_parse(request.GET.get("quarter"))
    pdf = foi_figures_pdf(dashboard_for(council=council, quarter=quarter), council=council)
    audit_record(actor=request.user, event=EventType.GOVERNANCE_FOI_FIGURES_DOWNLOADED, council=council, subject=council,
                 data={"quarter": quarter.key})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="register-figures-{quarter.key}-foi.pdf"'
    return response
