"""Checks on evidence uploads (incident attachments, and documents sent with an appeal): the extension
must be on the list AND the first bytes must look like that kind of file, and the file must not be
larger than the limit. Nothing is trusted from the browser (its content type is ignored)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from safecontact.core.exceptions import ApplicationError

INCIDENT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
INCIDENT_ATTACHMENTS_PER_REPORT = 20


@dataclass(frozen=True)
class Kind:
    content_type: str
    label: str


KINDS: dict[str, Kind] = {
    "jpg": Kind("image/jpeg", "photo"),
    "jpeg": Kind("image/jpeg", "photo"),
    "png": Kind("image/png", "image"),
    "gif": Kind("image/gif", "image"),
    "pdf": Kind("application/pdf", "PDF"),
    "txt": Kind("text/plain", "text file"),
    "eml": Kind("message/rfc822", "email"),
    "msg": Kind("application/vnd.ms-outlook", "Outlook email"),
    "mp3": Kind("audio/mpeg", "recording"),
    "m4a": Kind("audio/mp4", "recording"),
    "wav": Kind("audio/wav", "recording"),
    "mp4": Kind("video/mp4", "video"),
    "docx": Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word document"),
}
ALLOWED_LIST = "JPG, PNG, GIF, PDF, TXT, EML, MSG, MP3, M4A, WAV, MP4 or DOCX"
# The only types a stored upload is served as; anything else (a row from before these checks) goes out as
# application/octet-stream, so a browser never renders it.
SERVABLE_CONTENT_TYPES = frozenset(kind.content_type for kind in KINDS.values())
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut off at the end of the sample is still text.
        if exc.start < len(head) - 4:
            return False
    return True


def _sniff_matches(ext: str, head: bytes, upload: UploadedFile) -> bool:
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext == "pdf":
        return head.startswith(b"%PDF-")
    if ext in ("txt", "eml"):
        return _looks_like_text(head)
    if ext == "msg":
        return head.startswith(OLE_MAGIC)
    if ext == "mp3":
        return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0)
    if ext in ("m4a", "mp4"):
        return head[4:8] == b"ftyp"
    if ext == "wav":
        return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    if ext == "docx":
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                return "word/document.xml" in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
    return False


def check_upload(upload: UploadedFile, *, field: str = "file") -> Kind:
    """The kind of an acceptable upload, or ApplicationError with a message for the form field `field`."""
    name = upload.name or ""
    ext = PurePath(name).suffix.lower().lstrip(".")
    if ext not in KINDS:
        raise ApplicationError(f"The selected file must be a {ALLOWED_LIST}", field=field)
    if upload.size is None or upload.size == 0:
        raise ApplicationError("The selected file is empty", field=field)
    if upload.size > INCIDENT_ATTACHMENT_MAX_BYTES:
        raise ApplicationError("The selected file must be smaller than 20MB", field=field)
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if not _sniff_matches(ext, head, upload):
        upload.seek(0)
        raise ApplicationError(f"The selected file is not a real {KINDS[ext].label}: its contents do not match its name", field=field)
    upload.seek(0)
    return KINDS[ext]


def served_content_type(stored: str) -> str:
    """The Content-Type to send for a stored upload: its checked type, never anything a browser would run."""
    return stored if stored in SERVABLE_CONTENT_TYPES else "application/octet-stream"
