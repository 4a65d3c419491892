"""Uploads under faults (issue 12, item 5): a file reaches its final name only when its row commits, a database
failure after the write leaves no file, and a full disk is a message beside the field with the draft kept.
Appeal documents go through the same code (core/files.py), so they are tried here too."""

from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals import services as appeals
from safecontact.appeals.models import Appeal, AppealDocument
from safecontact.core.exceptions import ApplicationError
from safecontact.core.files import NO_SPACE_MESSAGE
from safecontact.incidents import services
from safecontact.incidents.models import Attachment
from safecontact.incidents.tests.factories import draft_incident
from safecontact.letters.tests.factories import live_restriction

PDF = b"%PDF-1.7\n" + b"0" * 4096


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # default_storage follows the setting: only this test's files are here
    return tmp_path


def files_in(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def staff(user_with_role):
    return user_with_role(Role.STAFF)


@pytest.fixture
def full_disk(monkeypatch):
    """The disk fills up half way through the write: a partial file is on disk when the error comes."""

    def save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read(100))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def upload(name="note.txt", content="Siân said hello".encode()):
    return SimpleUploadedFile(name, content)


def test_the_file_reaches_its_final_name_only_when_the_row_commits(council, staff, media, django_capture_on_commit_callbacks):
    incident = draft_incident(reporter=staff, council=council)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attachment = services.attachment_add(actor=staff, council=council, incident=incident, upload=upload())
    assert files_in(media) == {f"pending/{attachment.file.name}"}  # written, not yet in place
    for callback in callbacks:
        callback()
    assert files_in(media) == {attachment.file.name}
    assert default_storage.open(attachment.file.name).read() == "Siân said hello".encode()


@pytest.mark.parametrize("failing", ["audit", "save"])
def test_a_database_failure_after_the_file_is_written_leaves_no_file(council, staff, media, monkeypatch, failing):
    incident = draft_incident(reporter=staff, council=council)
    if failing == "audit":
        monkeypatch.setattr(services, "audit_record", lambda **kw: (_ for _ in ()).throw(OperationalError("server closed the connection")))
    else:
        monkeypatch.setattr(Attachment, "save", lambda self, *a, **kw: (_ for _ in ()).throw(OperationalError("database is locked")))
    with pytest.raises(OperationalError):
        services.attachment_add(actor=staff, council=council, incident=incident, upload=upload())
    assert files_in(media) == set()
    assert not Attachment.objects.exists()


def test_a_full_disk_is_a_message_beside_the_file_field_and_the_draft_is_kept(council, staff, client_for, media, full_disk):
    incident = draft_incident(reporter=staff, council=council, account="He shouted at the counter")
    url = reverse("incidents:report_section", kwargs={"id": incident.pk, "section": "evidence"})
    response = client_for(staff).post(url, {"action": "upload", "file": upload("photo.pdf", PDF)})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "no space left to store it" in body and "Everything else you entered has been kept" in body
    incident.refresh_from_db()
    assert incident.status == "draft" and incident.account == "He shouted at the counter"
    assert not incident.attachments.exists()
    assert files_in(media) == set()  # the partial file went too: it must not keep the disk full


def test_the_service_names_the_field_for_a_storage_error(council, staff, full_disk):
    incident = draft_incident(reporter=staff, council=council)
    with pytest.raises(ApplicationError) as raised:
        services.attachment_add(actor=staff, council=council, incident=incident, upload=upload())
    assert raised.value.field == "file" and raised.value.message == NO_SPACE_MESSAGE


# --- Documents sent with an appeal ----------------------------------------------------------------

@pytest.fixture
def entry(council, user_with_role):
    measure, officer, _approver, _reporter = live_restriction(council, user_with_role)
    return measure, officer


def test_an_appeal_document_reaches_its_final_name_when_the_appeal_commits(entry, media, django_capture_on_commit_callbacks):
    measure, officer = entry
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeals.appeal_record(actor=officer, council=measure.council, measure=measure, received_on=timezone.localdate(),
                                       channel="letter", grounds=["disproportionate"], document=upload("scan.pdf", PDF))
    assert files_in(media) == {appeal.documents.get().file.name}


def test_a_failure_recording_the_appeal_leaves_no_document_file(entry, media, monkeypatch):
    measure, officer = entry
    monkeypatch.setattr(AppealDocument, "save", lambda self, *a, **kw: (_ for _ in ()).throw(OperationalError("database is locked")))
    with pytest.raises(OperationalError):
        appeals.appeal_record(actor=officer, council=measure.council, measure=measure, received_on=timezone.localdate(),
                              channel="letter", grounds=["disproportionate"], document=upload("scan.pdf", PDF))
    assert files_in(media) == set() and not Appeal.objects.exists()


def test_a_full_disk_refuses_the_appeal_beside_the_document_field_and_keeps_what_was_typed(entry, client_for, media, full_disk):
    measure, officer = entry
    response = client_for(officer).post(reverse("appeals:appeal_record"), {
        "measure": measure.pk, "received_on": timezone.localdate().strftime("%d/%m/%Y"), "channel": "letter",
        "grounds": ["disproportionate"], "grounds_detail": "Seen by Łukasz", "document": upload("scan.pdf", PDF),
    })
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "no space left to store it" in body and "Seen by Łukasz" in body
    assert not Appeal.objects.exists() and files_in(media) == set()
