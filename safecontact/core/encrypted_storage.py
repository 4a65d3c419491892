"""Evidence files encrypted at rest (domain R88, ADR 0018): the default storage encrypts every upload before it
touches the disk and decrypts it only when opened, which only the access-checked, audited download views do.

Format: `MAGIC` then a Fernet token (AES-128-CBC with HMAC-SHA-256, from the `cryptography` package). A file without
`MAGIC` was stored before encryption came in and is read as it is (legacy plaintext) until `manage.py
encrypt_evidence` rewrites it. Keys come from `EVIDENCE_ENCRYPTION_KEYS`, newest first: the first encrypts, any of
them decrypts (MultiFernet), so a key is rotated by putting a new one in front, running `encrypt_evidence`, then
removing the old one (docs/operations.md). Each configured key is a random string that HKDF-SHA-256 turns into a
Fernet key, so operators generate it like the other secrets (`secrets.token_urlsafe(48)`).

Whole files are encrypted and decrypted in memory: evidence is at most 20 MB (incidents/uploads.py checks that before
anything is stored), so a download holds about twice that for a moment. Streaming encryption would need a chunked
format of our own; not worth it at this size.
"""

from __future__ import annotations

import base64
import functools
import logging
import os
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import transaction

logger = logging.getLogger(__name__)

MAGIC = b"SCEVIDENCE1\n"  # marks an encrypted file; Fernet tokens are base64, so a plaintext upload starting so is unlikely
_KDF_INFO = b"safecontact evidence files v1"
MIN_KEY_LENGTH = 32
REWRITING = ".encrypting"  # suffix of the temporary copy `encrypt_evidence` writes before os.replace


class EvidenceKeyError(Exception):
    """The configured keys cannot decrypt this file, or no usable key is configured. The message never holds a key."""


def _fernet(secret: str) -> Fernet:
    if len(secret) < MIN_KEY_LENGTH:
        raise EvidenceKeyError(f"Every key in EVIDENCE_ENCRYPTION_KEYS must be at least {MIN_KEY_LENGTH} characters long.")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KDF_INFO).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


@functools.lru_cache(maxsize=4)
def _fernets(secrets: tuple[str, ...]) -> tuple[Fernet, MultiFernet]:
    if not secrets:
        raise EvidenceKeyError("EVIDENCE_ENCRYPTION_KEYS is empty: evidence files cannot be encrypted or read.")
    keys = [_fernet(secret) for secret in secrets]
    return keys[0], MultiFernet(keys)


def _keys() -> tuple[Fernet, MultiFernet]:
    """(the current key, all keys), read from settings each time so that a test's override_settings applies."""
    return _fernets(tuple(getattr(settings, "EVIDENCE_ENCRYPTION_KEYS", ())))


def check_keys(secrets: list[str]) -> None:
    """Raise EvidenceKeyError if these keys are not usable (production settings call this at start-up)."""
    _fernets(tuple(secrets))


def is_encrypted(raw: bytes) -> bool:
    return raw.startswith(MAGIC)


def encrypt(plaintext: bytes) -> bytes:
    current, _all = _keys()
    return MAGIC + current.encrypt(plaintext)


def decrypt(raw: bytes) -> bytes:
    """The plaintext of a stored file; a file without MAGIC is legacy plaintext and returned as it is."""
    if not is_encrypted(raw):
        return raw
    _current, every = _keys()
    try:
        return every.decrypt(raw[len(MAGIC):])
    except InvalidToken as error:  # a wrong or removed key, or a damaged file: the token does not say which
        raise EvidenceKeyError("No key in EVIDENCE_ENCRYPTION_KEYS decrypts this evidence file.") from error


class EncryptedFileSystemStorage(FileSystemStorage):
    """FileSystemStorage (MEDIA_ROOT, outside the web root) whose files are encrypted on disk. Everything else
    (names, listing, deleting, moving a pending file into place with os.replace in core/files.py) works on the
    encrypted files unchanged. `size()` is the size on disk; the plaintext size is on the row."""

    def _save(self, name: str, content: File[Any]) -> str:
        content.seek(0)
        # Never the upload's temporary file itself (FileSystemStorage would move it into place, in plaintext).
        return super()._save(name, ContentFile(encrypt(content.read())))  # type: ignore[misc]  # not in the stubs

    def _open(self, name: str, mode: str = "rb") -> File[Any]:
        if mode != "rb":
            raise ValueError("Evidence files are opened for reading only ('rb'); write them with save().")
        with open(self.path(name), "rb") as handle:
            raw = handle.read()
        return File(BytesIO(decrypt(raw)), name=name)


# --- Migration and key rotation: `manage.py encrypt_evidence` ----------------------------------------------------

def _rewrite(path: str, data: bytes) -> None:
    """Crash-safe: the new content goes to a temporary copy beside the file, synced, then os.replace puts it in
    place in one step. The file's modified time is kept, so the daily orphan sweep's grace period is unaffected."""
    stat = os.stat(path)
    temporary = path + REWRITING
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(temporary, stat.st_mode & 0o777)
    os.utime(temporary, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    os.replace(temporary, path)


def _stored_files() -> Iterator[tuple[EncryptedFileSystemStorage, str]]:
    """Every file in the folders the models upload to (and `pending/`), in every encrypting storage."""
    from safecontact.core.files import _walk, upload_folders

    storages = [(s, folders) for s, folders in upload_folders().items() if isinstance(s, EncryptedFileSystemStorage)]
    if not storages:
        raise EvidenceKeyError("The upload storage does not encrypt: STORAGES['default'] must be EncryptedFileSystemStorage.")
    for storage, folders in storages:
        for folder in sorted(folders):
            yield from ((storage, name) for name in _walk(storage, folder) if not name.endswith(REWRITING))


def _encrypt_one(storage: FileSystemStorage, name: str, current: Fernet, every: MultiFernet) -> str:
    path = storage.path(name)
    with open(path, "rb") as handle:
        raw = handle.read()
    if not is_encrypted(raw):
        _rewrite(path, MAGIC + current.encrypt(raw))
        return "encrypted"
    token = raw[len(MAGIC):]
    try:
        current.decrypt(token)
        return "current"
    except InvalidToken:
        pass
    try:
        _rewrite(path, MAGIC + every.rotate(token))
    except InvalidToken:
        logger.error("Evidence file %s: no configured key decrypts it; left as it is", name)
        return "unreadable"
    return "re-encrypted"


def evidence_files_encrypt() -> dict[str, int]:
    """Every file in the upload folders, encrypted with the current key: legacy plaintext files are encrypted,
    files under an older key re-encrypted, files already under the current key left alone (so a second run, or a
    run after a crash, changes nothing it already did). Counts only; one audit event when anything changed."""
    from safecontact.core.signals import kernel_event

    counts = {"encrypted": 0, "re-encrypted": 0, "current": 0, "unreadable": 0, "missing": 0}
    current, every = _keys()
    for storage, name in _stored_files():
        try:
            counts[_encrypt_one(storage, name, current, every)] += 1
        except FileNotFoundError:  # moved into place or deleted by the service meanwhile: the sweep deals with it
            counts["missing"] += 1
    if counts["encrypted"] or counts["re-encrypted"]:
        with transaction.atomic():
            kernel_event.send(sender=__name__, code="files.evidence_encrypted", data=dict(counts))  # audited (core/signals.py)
    return counts
