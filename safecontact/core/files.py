"""Uploaded files that never outlive their row, and a daily sweep for the few that still could.

`file_saved_on_commit()` writes an upload under `pending/<final name>` BEFORE the row's transaction starts (a slow
disk holds no database lock), runs the block (save the row, write its audit event) in one transaction, and moves
the file to its final name only when that transaction commits. If the block or the commit fails, the pending file
is deleted; if the disk is full, the partial file is deleted and the form says so beside the field, with everything
else the person typed kept (the service refuses with ApplicationError, so nothing else is written either).
The storage encrypts what it writes (core/encrypted_storage.py, ADR 0018), so the pending file and the file moved
into place are both ciphertext; nothing here needs to know.

What can still be left behind (a process killed between writing and committing, a rollback of an outer
transaction, a file retention could not delete) is found by `orphan_files_sweep()` (a daily step): any file in an
upload folder that no row names and older than the grace period is deleted, and a pending file whose row did
commit is moved into place. It reports counts only, in the daily run and in one audit event. It deletes nothing
when it finds more orphans than files in use (the files of another database: a restore done in the wrong order).
"""

from __future__ import annotations

import errno
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import partial
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from safecontact.core.exceptions import ApplicationError

logger = logging.getLogger(__name__)

PENDING = "pending"
ORPHAN_GRACE = timedelta(hours=24)
ORPHAN_SAFETY_FLOOR = 100  # more orphans than this AND than files in use: refuse (see OrphanSweepRefusedError)
NO_SPACE_MESSAGE = ("The selected file could not be saved because there is no space left to store it. Everything else "
                    "you entered has been kept. Try again later, or tell your system administrator")
NOT_SAVED_MESSAGE = ("The selected file could not be saved. Everything else you entered has been kept. Try again, or tell "
                     "your system administrator if it keeps happening")


def pending_name(final: str) -> str:
    return f"{PENDING}/{final}"


@contextmanager
def file_saved_on_commit(field_file: FieldFile, name: str, content: File[Any], *, field: str) -> Iterator[None]:
    """Store `content` for `field_file` (an unsaved row's FileField) as `name`, the row being saved in the block."""
    storage = field_file.storage
    final = storage.get_available_name(field_file.field.generate_filename(field_file.instance, name),
                                       max_length=field_file.field.max_length)
    pending = _write(storage, pending_name(final), content, field=field)
    setattr(field_file.instance, field_file.field.attname, final)
    try:
        with transaction.atomic():
            yield
            transaction.on_commit(partial(promote, storage, pending, final))
    except BaseException:
        _discard(storage, pending)
        setattr(field_file.instance, field_file.field.attname, None)
        raise


def _write(storage: Storage, name: str, content: File[Any], *, field: str) -> str:
    try:
        content.seek(0)
        return storage.save(name, content)
    except OSError as error:
        # The class of error only: the message may quote a path.
        logger.error("Upload could not be stored (errno %s)", error.errno)
        _discard(storage, name)  # a partial file must not keep the disk full
        raise ApplicationError(NO_SPACE_MESSAGE if error.errno in (errno.ENOSPC, errno.EDQUOT) else NOT_SAVED_MESSAGE,
                               field=field) from error


def _discard(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:  # the daily sweep removes it later
        logger.exception("A pending upload could not be removed")


def promote(storage: Storage, pending: str, final: str) -> bool:
    """Move a committed row's file into place. Never raises: the row is committed; the sweep tries again."""
    try:
        try:
            source, target = storage.path(pending), storage.path(final)
        except NotImplementedError:  # a storage without local paths: copy, then delete
            with storage.open(pending, "rb") as handle:
                storage.save(final, handle)
            storage.delete(pending)
        else:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(source, target)
    except OSError:
        if storage.exists(final) and not storage.exists(pending):
            return False  # moved a moment ago by the other side (the request's commit, or the sweep)
        logger.exception("A committed upload could not be moved into place; the daily sweep will try again")
        return False
    return True


# --- The daily sweep -----------------------------------------------------------------------------

def upload_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [(model, f) for model in apps.get_models() for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def upload_folders() -> dict[Storage, set[str]]:
    """Per storage, the top folders the models upload to (from `upload_to`), and the pending folder. Nothing else
    under the media root is touched (web-import files have their own clean-up)."""
    folders: dict[Storage, set[str]] = {}
    for _model, f in upload_fields():
        if isinstance(f.upload_to, str) and f.upload_to.strip("/"):
            folders.setdefault(f.storage, {PENDING}).add(f.upload_to.strip("/").split("/")[0])
    return folders


def _referenced() -> set[str]:
    names: set[str] = set()
    for model, f in upload_fields():
        names.update(n for n in model._base_manager.exclude(**{f.name: ""}).values_list(f.name, flat=True).iterator() if n)
    return names


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    yield from (f"{folder}/{name}" for name in files)
    for sub in dirs:
        yield from _walk(storage, f"{folder}/{sub}")


class OrphanSweepRefusedError(Exception):
    """More orphans than files in use: the database is probably not the one these files belong to (a restore in the
    wrong order, a wrong DATABASE_URL). Nothing was deleted; the daily run reports the error."""

    def __init__(self, orphans: int, referenced: int) -> None:
        super().__init__(f"{orphans} upload files have no row and only {referenced} have one: nothing was deleted")
        self.counts = {"removed": 0, "completed": 0}


def orphan_files_sweep(*, today: date | None = None, grace: timedelta = ORPHAN_GRACE) -> dict[str, int]:
    """Delete upload files no row names, older than `grace`; finish moving committed pending files into place."""
    from safecontact.core.signals import kernel_event

    counts = {"removed": 0, "completed": 0, "recent": 0}
    referenced = _referenced()  # read before listing: a row committed meanwhile names a file younger than the grace
    cutoff = timezone.now() - grace
    old: list[tuple[Storage, str]] = []
    for storage, folders in upload_folders().items():
        for name in [n for folder in sorted(folders) for n in _walk(storage, folder) if n not in referenced]:
            final = name.removeprefix(f"{PENDING}/")
            if final != name and final in referenced and not storage.exists(final):
                counts["completed"] += promote(storage, name, final)  # its row committed; the move did not happen
            elif storage.get_modified_time(name) > cutoff:
                counts["recent"] += 1  # perhaps being uploaded at this moment
            else:
                old.append((storage, name))
    if len(old) > max(ORPHAN_SAFETY_FLOOR, len(referenced)):
        raise OrphanSweepRefusedError(len(old), len(referenced))
    for storage, name in old:
        _discard(storage, name)
        counts["removed"] += not storage.exists(name)
    if counts["removed"] or counts["completed"]:
        with transaction.atomic():
            kernel_event.send(sender=__name__, code="files.orphans_removed", data=dict(counts))  # audited (core/signals.py)
    return {"removed": counts["removed"], "completed": counts["completed"]}  # the daily run's counts: files acted on
