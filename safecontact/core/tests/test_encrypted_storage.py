"""Evidence files encrypted at rest (issue 13, item 7; R88; ADR 0018): what is on disk never holds the plaintext,
downloads through the access-checked views give back the same bytes, old keys still decrypt after a rotation,
`encrypt_evidence` encrypts legacy files and re-encrypts old ones once (and is safe to run again), and a key that
does not fit is a helpful page and a log line, never a server error or a key on screen."""

import logging
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals.services import appeal_record
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.encrypted_storage import MAGIC, REWRITING, EvidenceKeyError, check_keys, decrypt, encrypt
from safecontact.incidents import services
from safecontact.incidents.models import Attachment
from safecontact.incidents.tests.factories import draft_incident
from safecontact.letters.tests.factories import live_restriction

SECRET = "Siân said: I know where you live, 12 Acacia Avenue".encode()
OLD_KEY = "old-evidence-key-0123456789-abcdefghijklmnopqrstuvwxyz"
NEW_KEY = "new-evidence-key-9876543210-zyxwvutsrqponmlkjihgfedcba"
WRONG_KEY = "wrong-evidence-key-000000000000000000000000000000000000"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_ENCRYPTION_KEYS = [OLD_KEY]
    return tmp_path


@pytest.fixture
def staff(user_with_role):
    return user_with_role(Role.STAFF)


def attach(staff, council, capture, content=SECRET, name="note.txt"):
    incident = draft_incident(reporter=staff, council=council)
    with capture(execute=True):  # the file is moved into place when the row commits
        return services.attachment_add(actor=staff, council=council, incident=incident, upload=ContentFile(content, name=name))


def raw(media: Path, name: str) -> bytes:
    return (media / name).read_bytes()


def download(client, attachment):
    return client.get(reverse("incidents:attachment_download", kwargs={"id": attachment.pk}))


def encrypt_evidence() -> str:
    out = []

    class Out:
        def write(self, text):
            out.append(text)

    call_command("encrypt_evidence", stdout=Out())
    return "".join(out)


def test_an_upload_is_encrypted_on_disk_and_downloads_as_the_same_bytes(council, staff, client_for, media,
                                                                        django_capture_on_commit_callbacks):
    attachment = attach(staff, council, django_capture_on_commit_callbacks)
    on_disk = raw(media, attachment.file.name)
    assert on_disk.startswith(MAGIC) and SECRET not in on_disk and b"Acacia" not in on_disk
    response = download(client_for(staff), attachment)
    assert response.status_code == 200 and b"".join(response.streaming_content) == SECRET
    assert response["Content-Length"] == str(len(SECRET))  # the plaintext's length, not the file's on disk
    assert response["Content-Disposition"].startswith("attachment") and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(attachment.pk)).exists()


def test_an_appeal_document_is_encrypted_too(council, user_with_role, client_for, media, django_capture_on_commit_callbacks):
    measure, officer, _approver, _reporter = live_restriction(council, user_with_role)
    with django_capture_on_commit_callbacks(execute=True):
        appeal = appeal_record(actor=officer, council=council, measure=measure, received_on=timezone.localdate(),
                               channel="letter", grounds=["disproportionate"],
                               document=ContentFile(b"Dear Sir, " + SECRET, name="letter.txt"))
    document = appeal.documents.get()
    assert raw(media, document.file.name).startswith(MAGIC) and SECRET not in raw(media, document.file.name)
    response = client_for(officer).get(reverse("appeals:appeal_document", kwargs={"id": appeal.pk, "document_id": document.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"Dear Sir, " + SECRET


def test_after_rotation_a_file_under_the_old_key_still_downloads_and_the_command_reencrypts_it_once(
        council, staff, client_for, media, settings, django_capture_on_commit_callbacks):
    attachment = attach(staff, council, django_capture_on_commit_callbacks)
    settings.EVIDENCE_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]  # step 1: the new key in front
    client = client_for(staff)
    assert b"".join(download(client, attachment).streaming_content) == SECRET
    fresh = attach(staff, council, django_capture_on_commit_callbacks, content=b"new evidence")  # under the new key

    before = os.stat(media / attachment.file.name).st_mtime_ns
    out = encrypt_evidence()  # step 2
    assert "re-encrypted (were under an older key)" in out and "Every evidence file is encrypted" in out
    event = AuditEvent.objects.get(event_type=EventType.EVIDENCE_FILES_ENCRYPTED)
    assert event.data == {"encrypted": 0, "re-encrypted": 1, "current": 1, "unreadable": 0, "missing": 0}
    assert os.stat(media / attachment.file.name).st_mtime_ns == before  # the orphan sweep's clock is not reset
    rewritten = raw(media, attachment.file.name)

    settings.EVIDENCE_ENCRYPTION_KEYS = [NEW_KEY]  # step 3: the old key removed
    assert b"".join(download(client, attachment).streaming_content) == SECRET
    assert b"".join(download(client, fresh).streaming_content) == b"new evidence"
    encrypt_evidence()  # idempotent: nothing left to do, nothing rewritten, no second event
    assert raw(media, attachment.file.name) == rewritten
    assert AuditEvent.objects.filter(event_type=EventType.EVIDENCE_FILES_ENCRYPTED).count() == 1


def test_a_legacy_plaintext_file_still_downloads_and_the_command_encrypts_it(council, staff, client_for, media,
                                                                             django_capture_on_commit_callbacks):
    attachment = attach(staff, council, django_capture_on_commit_callbacks)
    (media / attachment.file.name).write_bytes(SECRET)  # as stored before encryption came in
    client = client_for(staff)
    assert b"".join(download(client, attachment).streaming_content) == SECRET

    encrypt_evidence()
    on_disk = raw(media, attachment.file.name)
    assert on_disk.startswith(MAGIC) and SECRET not in on_disk
    assert AuditEvent.objects.get(event_type=EventType.EVIDENCE_FILES_ENCRYPTED).data["encrypted"] == 1
    assert b"".join(download(client, attachment).streaming_content) == SECRET


def test_a_run_interrupted_after_writing_its_temporary_copy_is_finished_by_the_next(council, staff, media,
                                                                                    django_capture_on_commit_callbacks):
    attachment = attach(staff, council, django_capture_on_commit_callbacks)
    path = media / attachment.file.name
    path.write_bytes(SECRET)
    Path(str(path) + REWRITING).write_bytes(b"half a copy")  # killed before os.replace: the file itself is untouched

    encrypt_evidence()
    assert decrypt(path.read_bytes()) == SECRET and path.read_bytes().startswith(MAGIC)
    assert not Path(str(path) + REWRITING).exists()  # the rerun wrote its own copy over the leftover and moved it in
    assert default_storage.open(attachment.file.name).read() == SECRET


def test_a_wrong_key_is_a_helpful_page_and_a_log_line_without_the_key(council, staff, client_for, settings, caplog,
                                                                      django_capture_on_commit_callbacks):
    attachment = attach(staff, council, django_capture_on_commit_callbacks)
    settings.EVIDENCE_ENCRYPTION_KEYS = [WRONG_KEY]
    with caplog.at_level(logging.ERROR, logger="safecontact.core.downloads"):
        response = download(client_for(staff), attachment)
    body = response.content.decode()
    assert response.status_code == 503 and "This file cannot be opened at the moment" in body
    assert "system administrator" in body and "nothing has been lost" in body
    for key in (WRONG_KEY, OLD_KEY):
        assert key not in body and key not in caplog.text
    assert "EVIDENCE_ENCRYPTION_KEYS" in caplog.text and attachment.file.name in caplog.text
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(attachment.pk)).exists()


def test_the_command_refuses_to_report_success_while_a_file_fits_no_key(council, staff, media, settings,
                                                                        django_capture_on_commit_callbacks):
    attachment = attach(staff, council, django_capture_on_commit_callbacks)
    before = raw(media, attachment.file.name)
    settings.EVIDENCE_ENCRYPTION_KEYS = [WRONG_KEY]
    with pytest.raises(CommandError, match="could not be decrypted with any configured key"):
        encrypt_evidence()
    assert raw(media, attachment.file.name) == before  # left exactly as it was
    assert not AuditEvent.objects.filter(event_type=EventType.EVIDENCE_FILES_ENCRYPTED).exists()


def test_keys_must_be_long_enough_and_present(settings):
    for keys in ([], ["short"]):
        with pytest.raises(EvidenceKeyError) as raised:
            check_keys(keys)
        assert "short" not in str(raised.value)
    settings.EVIDENCE_ENCRYPTION_KEYS = []
    with pytest.raises(EvidenceKeyError, match="EVIDENCE_ENCRYPTION_KEYS is empty"):
        encrypt(SECRET)


def test_the_format_is_marked_and_each_encryption_differs(settings):
    first, second = encrypt(SECRET), encrypt(SECRET)
    assert first.startswith(MAGIC) and first != second  # a random IV each time
    assert decrypt(first) == decrypt(second) == SECRET
    assert decrypt(b"plain legacy bytes") == b"plain legacy bytes"


def test_orphaned_and_pending_files_are_encrypted_too_and_the_sweep_still_sees_them(db, media):
    pending = media / "pending" / "attachments" / "2026" / "01" / "x.txt"
    pending.parent.mkdir(parents=True)
    pending.write_bytes(SECRET)
    old = time.time() - 3 * 86400
    os.utime(pending, (old, old))
    encrypt_evidence()
    assert pending.read_bytes().startswith(MAGIC) and abs(pending.stat().st_mtime - old) < 1
    assert not Attachment.objects.exists()
