"""Serving an evidence file (incident attachment, appeal document) from an access-checked, audited view: the one
place a stored file is decrypted for a person (core/encrypted_storage.py, ADR 0018)."""

from __future__ import annotations

import logging

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.core.encrypted_storage import EvidenceKeyError

logger = logging.getLogger(__name__)


def evidence_file_response(request: HttpRequest, field_file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """The caller has checked access and written the audit event. A file that is gone is a 404; a file the
    configured keys cannot decrypt is logged for the administrator (the file's stored name, never a key) and the
    person gets a page that says what to do, not a server error."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    except EvidenceKeyError as error:
        logger.error("Evidence file %s could not be decrypted: %s Check EVIDENCE_ENCRYPTION_KEYS "
                     "(docs/operations.md, Keys and their rotation).", field_file.name, error)
        # 503: the file is intact; the service cannot serve it until its keys are put right.
        return render(request, "errors/evidence_unavailable.html", status=503)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response  # type: ignore[return-value]
