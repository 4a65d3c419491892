from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.governance.selectors_dashboard import report_charts
from safecontact.governance.selectors_report import governance_report, quarter_choices, quarter_parse


@requires(Action.GOVERNANCE_REPORT_VIEW)
def report(request: HttpRequest) -> HttpResponse:
    """Numbers only (no personal data), so the page is not an audited view of the register."""
    quarter = quarter_parse(request.GET.get("quarter"))
    figures = governance_report(council=request.council, quarter=quarter)  # type: ignore[attr-defined]
    return render(request, "governance/report.html", {
        "report": figures, "charts": report_charts(figures), "quarters": quarter_choices(), "quarter": quarter,
    })
