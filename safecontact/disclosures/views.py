"""The DPO's disclosure log (R92), each agreement's disclosures, and who could see an entry (R90). Thin: the
selectors read, `services` records the download; every page showing personal data is audited."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.csv_export import csv_download
from safecontact.core.pagination import paginate
from safecontact.disclosures import selectors, services
from safecontact.disclosures.forms import DisclosureFilterForm
from safecontact.register.selectors import measure_get_for

EXPORT_LIMIT = 50_000


def _filtered(request: HttpRequest) -> dict[str, Any]:
    council = request.council  # type: ignore[attr-defined]
    form = DisclosureFilterForm(request.GET or None, agreements=selectors.agreement_choices(council=council),
                                organisations=selectors.recipient_choices(council=council))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"agreement_id": data["agreement"] or None, "organisation_id": data["organisation"] or None,
                   "since": data["since"], "until": data["until"]}
    kept = {key: value for key, value in request.GET.items() if key != "page" and value}
    return {"form": form, "filters": filters, "qs": selectors.disclosure_list(council=council, **filters), "query": urlencode(kept)}


@requires(Action.DISCLOSURE_LOG_VIEW)
def disclosure_log(request: HttpRequest) -> HttpResponse:
    view = _filtered(request)
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="disclosures")  # type: ignore[attr-defined]
    return render(request, "disclosures/log.html", {**view, "page": paginate(request, view["qs"], per_page=50)})


@requires(Action.DISCLOSURE_LOG_VIEW)
def disclosure_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV. The download is itself recorded: the audit trail shows who took a copy."""
    view = _filtered(request)
    rows = list(view["qs"][:EXPORT_LIMIT])
    services.disclosure_log_exported(actor=request.user, council=request.council, rows=len(rows),  # type: ignore[arg-type,attr-defined]
                                     filters={k: str(v) for k, v in view["filters"].items() if v})
    return csv_download(
        filename=f"disclosure-log-{timezone.localdate():%Y-%m-%d}.csv",
        header=["When", "How", "Recipient", "Organisation", "Agreement", "Legal basis", "Data items", "Entry", "Person"],
        rows=([timezone.localtime(d.disclosed_at).strftime("%Y-%m-%d %H:%M"), d.get_route_display(), d.recipient_name,
               d.recipient_organisation.name, str(d.agreement) if d.agreement else "None", d.legal_basis,
               "; ".join(d.data_item_labels), d.entry_reference, str(d.person) if d.person else ""] for d in rows),
    )


@requires(Action.SHARING_AGREEMENT_LIST)
def agreement_detail(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    agreement = selectors.agreement_get_for(council=request.council, id=id)  # type: ignore[attr-defined]
    audit_access(actor=request.user, council=request.council, subject=agreement)  # type: ignore[attr-defined]
    return render(request, "disclosures/agreement_detail.html", {
        "agreement": agreement, "disclosed": selectors.agreement_disclosures(agreement=agreement),
        "can_see_log": can(request.user, Action.DISCLOSURE_LOG_VIEW, request.council),  # type: ignore[arg-type,attr-defined]
        "can_open_entries": can(request.user, Action.REGISTER_VIEW, request.council),  # type: ignore[arg-type,attr-defined]
    })


@requires(Action.ENTRY_AUDIENCE_VIEW)
def entry_audience(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    measure = measure_get_for(actor=request.user, council=request.council, id=id)  # type: ignore[arg-type,attr-defined]
    audit_access(actor=request.user, council=request.council, subject=measure)  # type: ignore[attr-defined]
    return render(request, "disclosures/entry_audience.html", {
        "audience": selectors.entry_audience(measure=measure), "measure": measure,
        "disclosures": selectors.disclosure_list(council=request.council, measure_id=measure.pk)[:50],  # type: ignore[attr-defined]
    })
