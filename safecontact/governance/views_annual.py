"""The annual policy review report for Cabinet: choose the year, download the PDF (audited)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.governance.rendering import annual_report_pdf as render_pdf
from safecontact.governance.selectors_annual import annual_report as annual_report_for
from safecontact.governance.selectors_annual import year_choices, year_parse

YEAR_ERROR = "Select the year the report is for"


def _choose(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    years = year_choices()
    return render(request, "governance/annual_report.html", {"years": years, "selected": years[0].key, "error": error},
                  status=status)


@requires(Action.GOVERNANCE_ANNUAL_REPORT)
def annual_report(request: HttpRequest) -> HttpResponse:
    return _choose(request)


@requires(Action.GOVERNANCE_ANNUAL_REPORT)
def annual_report_pdf(request: HttpRequest) -> HttpResponse:
    """Counts only, small numbers withheld; the download itself is in the audit trail, as the report leaves the service."""
    year = year_parse(request.GET.get("year"))
    if year is None:
        return _choose(request, error=YEAR_ERROR, status=400 if "year" in request.GET else 200)
    council = request.council  # type: ignore[attr-defined]
    pdf = render_pdf(annual_report_for(council=council, year=year))
    audit_record(actor=request.user, event=EventType.GOVERNANCE_ANNUAL_REPORT_DOWNLOADED, council=council, subject=council,
                 data={"year": year.year})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="policy-review-figures-{year.key}.pdf"'
    return response
