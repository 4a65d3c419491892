"""The bundle as the person gets it: a PDF printed the way letters are (letters.rendering.html_to_pdf, whose
fetcher opens only Safe Contact's own files, so text from the records can never make the renderer fetch), and
machine-readable JSON and CSV. All three take the sections with the redactions already applied."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from safecontact.accounts.selectors import council_settings_for
from safecontact.letters.rendering import html_to_pdf
from safecontact.subject_access.models import SubjectAccessRequest
from safecontact.subject_access.selectors_bundle import BundleSection

CSV_HEADER = ["Section", "Item", "Detail", "Value"]


def bundle_pdf(*, request: SubjectAccessRequest, sections: list[BundleSection]) -> bytes:
    html = render_to_string("subject_access/pdf/bundle.html", {
        "request": request, "sections": sections, "council_name": request.council.name,
        "register_name": council_settings_for(council=request.council).register_name, "printed_on": timezone.localdate(),
    })
    return html_to_pdf(html)


def bundle_data(*, request: SubjectAccessRequest, sections: list[BundleSection]) -> dict[str, Any]:
    return {
        "request": {"reference": request.reference, "council": request.council.name,
                    "received_on": request.received_on.isoformat(), "prepared_on": timezone.localdate().isoformat()},
        "redaction_note": "[redacted] marks information about other people that the law does not let us give you.",
        "sections": [{"title": s.title, "items": [{"title": item.title, "details": [{"detail": f.label, "value": f.value}
                                                                                   for f in item.fields]}
                                                  for item in s.items]} for s in sections],
    }


def bundle_json(*, request: SubjectAccessRequest, sections: list[BundleSection]) -> bytes:
    return json.dumps(bundle_data(request=request, sections=sections), ensure_ascii=False, indent=2).encode("utf-8")


def bundle_csv_rows(sections: list[BundleSection]) -> Iterator[list[str]]:
    for s in sections:
        for item in s.items:
            for f in item.fields:
                yield [s.title, item.title, f.label, f.value]
