"""The daily sweep of upload files no row names (issue 12, item 5): an orphan older than the grace period goes, a
fresh one stays (it may be an upload in progress), every referenced file stays however old, a committed upload whose
move was interrupted is finished, and nothing outside the upload folders is touched."""

import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals.services import appeal_record
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.verify import verify_all
from safecontact.core import files
from safecontact.core.contributions import daily_steps
from safecontact.core.files import ORPHAN_GRACE, OrphanSweepRefusedError, orphan_files_sweep, upload_folders
from safecontact.incidents import services
from safecontact.incidents.tests.factories import draft_incident
from safecontact.letters.tests.factories import live_restriction

OLD = time.time() - ORPHAN_GRACE.total_seconds() - 3600


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def put(name: str, *, old: bool) -> str:
    saved = default_storage.save(name, ContentFile(b"evidence"))
    if old:
        os.utime(default_storage.path(saved), (OLD, OLD))
    return saved


def files_in(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_the_sweep_removes_old_orphans_and_keeps_fresh_ones_and_every_referenced_file(council, user_with_role, media,
                                                                                    django_capture_on_commit_callbacks):
    staff = user_with_role(Role.STAFF)
    incident = draft_incident(reporter=staff, council=council)
    with django_capture_on_commit_callbacks(execute=True):
        attachment = services.attachment_add(actor=staff, council=council, incident=incident,
                                             upload=ContentFile(b"Sian said hello", name="note.txt"))
        measure, officer, _approver, _reporter = live_restriction(council, user_with_role)
        document = appeal_record(actor=officer, council=council, measure=measure, received_on=timezone.localdate(), channel="letter",
                                 grounds=["disproportionate"], document=ContentFile(b"%PDF-1.7 scan", name="scan.pdf")).documents.get()
    os.utime(default_storage.path(attachment.file.name), (OLD, OLD))  # referenced files stay however old
    os.utime(default_storage.path(document.file.name), (OLD, OLD))
    old_orphans = {put("attachments/2026/01/gone.jpg", old=True), put("appeals/2026/01/gone.pdf", old=True),
                   put("pending/attachments/2026/01/killed.jpg", old=True)}
    fresh = put("attachments/2026/12/uploading.jpg", old=False)
    import_file = put("imports/abandoned.csv", old=True)  # web imports have their own clean-up

    counts = orphan_files_sweep()

    assert counts == {"removed": 3, "completed": 0}
    assert files_in(media) == {attachment.file.name, document.file.name, fresh, import_file}
    assert not files_in(media) & old_orphans
    event = AuditEvent.objects.get(event_type=EventType.ORPHAN_FILES_REMOVED)
    assert event.data == {"removed": 3, "completed": 0, "recent": 1} and event.council_id is None
    assert verify_all()[1] == []
    assert orphan_files_sweep() == {"removed": 0, "completed": 0}  # nothing more to do, and no event for nothing
    assert AuditEvent.objects.filter(event_type=EventType.ORPHAN_FILES_REMOVED).count() == 1


def test_a_committed_upload_left_pending_by_a_killed_process_is_moved_into_place(council, user_with_role, media,
                                                                                 django_capture_on_commit_callbacks):
    staff = user_with_role(Role.STAFF)
    incident = draft_incident(reporter=staff, council=council)
    with django_capture_on_commit_callbacks(execute=False):  # the process dies before the move
        attachment = services.attachment_add(actor=staff, council=council, incident=incident,
                                             upload=ContentFile(b"Sian said hello", name="note.txt"))
    assert files_in(media) == {f"pending/{attachment.file.name}"}
    assert orphan_files_sweep() == {"removed": 0, "completed": 1}
    assert files_in(media) == {attachment.file.name}
    assert default_storage.open(attachment.file.name).read() == b"Sian said hello"


def test_the_sweep_looks_only_in_the_upload_folders_and_is_a_daily_step():
    assert set().union(*upload_folders().values()) == {"attachments", "appeals", "pending"}
    assert ("orphan_files", "safecontact.core.files.orphan_files_sweep") in daily_steps()


def test_the_sweep_deletes_nothing_when_most_files_have_no_row_as_with_the_wrong_database(db, media, monkeypatch):
    monkeypatch.setattr(files, "ORPHAN_SAFETY_FLOOR", 2)
    names = {put(f"attachments/2026/01/evidence-{n}.jpg", old=True) for n in range(3)}
    with pytest.raises(OrphanSweepRefusedError) as refused:
        orphan_files_sweep()
    assert refused.value.counts == {"removed": 0, "completed": 0}
    assert files_in(media) == names
    assert not AuditEvent.objects.filter(event_type=EventType.ORPHAN_FILES_REMOVED).exists()
