"""The evidence store fills up while staff attach files to their reports: a real, small filesystem (a 256 kB tmpfs;
without the right to mount one, a file-size limit on this process) takes uploads until it is full. Every upload that
failed got a clear message and left no file; every stored file belongs to a row; the drafts are all still there.
Files are encrypted on disk (ADR 0018): a 45 kB upload takes about 60 kB, so the disk still fills after four."""

from __future__ import annotations

import contextlib
import resource
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from tests.faults.common import Result, audit_verifies, council_with


@contextlib.contextmanager
def small_disk() -> Iterator[tuple[Path, str]]:
    folder = Path(tempfile.mkdtemp(prefix="safecontact-faults-disk-"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    before = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if not mounted:  # a write past the limit then fails with EFBIG, as a full disk fails with ENOSPC
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, before[1]))
    try:
        yield folder, "tmpfs of 256 kB" if mounted else "file-size limit of 256 kB"
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, before)
        signal.signal(signal.SIGXFSZ, previous)
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def run(*, short: bool) -> Result:
    from safecontact.access.policy import Role
    from safecontact.core.exceptions import ApplicationError
    from safecontact.incidents import services
    from safecontact.incidents.models import Attachment, Incident

    result = Result("Evidence store full")
    council, users = council_with(Role.STAFF)
    staff = users[Role.STAFF]
    attempts = 8 if short else 20
    stored = refused = 0
    messages: set[str] = set()
    with small_disk() as (folder, how), override_settings(MEDIA_ROOT=str(folder)):
        drafts = [services.incident_draft_create(actor=staff, council=council) for _ in range(attempts)]
        for n, draft in enumerate(drafts):
            upload = SimpleUploadedFile(f"note-{n}.txt", b"The customer shouted at me.\n" * 1600, content_type="text/plain")
            try:
                services.attachment_add(actor=staff, council=council, incident=draft, upload=upload)
                stored += 1
            except ApplicationError as error:
                refused += 1
                messages.add(error.message)
        on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
        named = set(Attachment.objects.filter(incident__council=council).values_list("file", flat=True))
        orphans = on_disk - named
        missing = named - on_disk
        drafts_kept = Incident.objects.filter(pk__in=[d.pk for d in drafts], status=Incident.Status.DRAFT).count()
    result.figures.update({"filesystem": how, "uploads tried (45 kB each, 60 kB encrypted)": attempts, "stored": stored,
                           "refused with a message": refused, "message": " / ".join(sorted(messages)),
                           "orphan files": len(orphans), "rows without their file": len(missing), "drafts kept": drafts_kept})
    result.expect(stored > 0 and refused > 0, "the disk never filled up, or nothing could be stored")
    result.expect(not orphans, f"orphan files remain: {sorted(orphans)[:3]}")
    result.expect(not missing, f"rows name files that are not there: {sorted(missing)[:3]}")
    result.expect(drafts_kept == attempts, "a draft was lost")
    result.expect(all("kept" in m or "space" in m or "could not" in m.lower() for m in messages), f"unclear messages: {messages}")
    audit_verifies(result)
    return result
