"""A register spreadsheet kept between its upload and the end of its import: a private file under
MEDIA_ROOT/imports/, named by a random id that only the import job (register.ImportJob.upload) holds. Deleted when
the import is done, cancelled or refused, and by the daily run once abandoned (`uploads_older_than`). Encrypted on
disk like evidence (ADR 0018): the spreadsheet holds the register's personal data."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from safecontact.core.encrypted_storage import decrypt, encrypt


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_keep(file: UploadedFile) -> str:
    """Written to a temporary name and renamed when complete: a half-written file never has a kept name."""
    upload_id = uuid.uuid4().hex
    partial = _folder() / f".{upload_id}.part"
    try:
        with partial.open("wb") as out:
            out.write(encrypt(b"".join(file.chunks())))  # at most 20 MB (the form's limit): in memory, like evidence
        partial.replace(_folder() / upload_id)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return upload_id


def upload_path(upload_id: str) -> Path | None:
    if not upload_id or not upload_id.isalnum():
        return None
    path = _folder() / upload_id
    return path if path.is_file() else None


def upload_contents(path: Path) -> BytesIO:
    """The kept spreadsheet, decrypted (a file kept before encryption came in is read as it is)."""
    return BytesIO(decrypt(path.read_bytes()))


def upload_discard(upload_id: str) -> None:
    path = upload_path(upload_id)
    if path is not None:
        path.unlink(missing_ok=True)


def uploads_older_than(moment: datetime) -> Iterator[tuple[str, Path]]:
    """Every kept file (and any half-written one) last changed before `moment`: (its id, its path)."""
    for path in _folder().iterdir():
        if path.is_file() and path.stat().st_mtime < moment.timestamp():
            yield path.name.removeprefix(".").removesuffix(".part"), path
