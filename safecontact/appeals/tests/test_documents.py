"""Documents sent with an appeal: the evidence allowlist (type from the file's first bytes, not the
browser), stored and served as the checked type, always as a download."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safecontact.appeals import services
from safecontact.appeals.models import Appeal, AppealDocument
from safecontact.core.exceptions import ApplicationError
from safecontact.letters.tests.factories import live_restriction

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 64


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def case(council, user_with_role):
    measure, officer, _approver, _reporter = live_restriction(council, user_with_role)
    return {"measure": measure, "officer": officer}


def record(case, document):
    return services.appeal_record(actor=case["officer"], council=case["measure"].council, measure=case["measure"],
                                  received_on=timezone.localdate(), channel="letter", grounds=["disproportionate"], document=document)


@pytest.mark.parametrize("name, content, stored", [
    ("scan.pdf", PDF, "application/pdf"),
    ("photo.png", PNG, "image/png"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "image/jpeg"),
    ("letter.txt", "Dear Sir, I disagree — Siân".encode(), "text/plain"),
    ("letter.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
])
def test_allowed_documents_are_stored_with_the_detected_type_not_the_browsers(case, name, content, stored):
    appeal = record(case, SimpleUploadedFile(name, content, content_type="text/html"))
    document = appeal.documents.get()
    assert document.content_type == stored and document.original_name == name


@pytest.mark.parametrize("name, content, message", [
    ("page.html", b"<html><script>alert(1)</script></html>", "The selected file must be a JPG, PNG"),
    ("tool.exe", b"MZ\x90\x00", "The selected file must be a JPG, PNG"),
    ("scan.pdf", b"<html><script>alert(1)</script></html>", "The selected file is not a real PDF"),
    ("photo.png", PDF, "The selected file is not a real image"),
    ("letter.docx", b"PK\x03\x04not really a zip", "The selected file is not a real Word document"),
])
def test_other_documents_are_refused_on_the_document_field_and_nothing_is_recorded(case, name, content, message):
    with pytest.raises(ApplicationError, match=message) as raised:
        record(case, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert raised.value.field == "document"
    assert not Appeal.objects.exists() and not AppealDocument.objects.exists()


def test_record_page_shows_a_refused_type_beside_the_field_and_keeps_the_answers(case, client_for):
    response = client_for(case["officer"]).post(reverse("appeals:appeal_record"), {
        "measure": case["measure"].pk, "received_on": timezone.localdate().strftime("%d/%m/%Y"), "channel": "letter",
        "grounds": ["disproportionate"], "grounds_detail": "Seen by Łukasz",
        "document": SimpleUploadedFile("page.html", b"<html></html>", content_type="application/pdf"),
    })
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "The selected file must be a JPG, PNG" in body and "Seen by Łukasz" in body
    assert not Appeal.objects.exists()


def test_documents_download_as_attachments_with_the_stored_type_and_nosniff(case, client_for, user_with_role,
                                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place when the appeal commits
        appeal = record(case, SimpleUploadedFile("scan.pdf", PDF, content_type="text/html"))
    document = appeal.documents.get()
    url = reverse("appeals:appeal_document", kwargs={"id": appeal.pk, "document_id": document.pk})
    response = client_for(case["officer"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_stored_before_the_checks_is_never_served_as_html(case, client_for):
    appeal = record(case, None)
    legacy = AppealDocument(appeal=appeal, original_name="evil.html", content_type="text/html", size=13)
    legacy.file.save("legacy-evil.html", ContentFile(b"<script></script>"), save=False)
    legacy.save()
    url = reverse("appeals:appeal_document", kwargs={"id": appeal.pk, "document_id": legacy.pk})
    response = client_for(case["officer"]).get(url)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;") and response["X-Content-Type-Options"] == "nosniff"
