"""A register spreadsheet kept between the dry run and the confirmed import: a private file under
MEDIA_ROOT/imports/, named by a random id that only the uploader's session holds."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

SESSION_KEY = "register_import"


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def upload_keep(file: UploadedFile) -> str:
    upload_id = uuid.uuid4().hex
    with (_folder() / upload_id).open("wb") as out:
        for chunk in file.chunks():
            out.write(chunk)
    return upload_id


def upload_path(upload_id: str) -> Path | None:
    if not upload_id or not upload_id.isalnum():
        return None
    path = _folder() / upload_id
    return path if path.is_file() else None


def upload_discard(upload_id: str) -> None:
    path = upload_path(upload_id)
    if path is not None:
        path.unlink(missing_ok=True)
