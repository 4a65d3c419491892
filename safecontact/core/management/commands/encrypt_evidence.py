from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safecontact.core.encrypted_storage import EvidenceKeyError, evidence_files_encrypt


class Command(BaseCommand):
    help = ("Encrypt every evidence file with the first key in EVIDENCE_ENCRYPTION_KEYS: files stored before "
            "encryption, and files under an older key (key rotation). Files already under the first key are left as "
            "they are, so it is safe to run again, also after it was interrupted. Exits 1 if a file no key decrypts.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = evidence_files_encrypt()
        except EvidenceKeyError as error:
            raise CommandError(str(error)) from error
        labels = {"encrypted": "encrypted (were stored unencrypted)", "re-encrypted": "re-encrypted (were under an older key)",
                  "current": "already under the current key", "missing": "gone while running (moved or deleted)",
                  "unreadable": "no configured key decrypts them (left as they are)"}
        for key, label in labels.items():
            self.stdout.write(f"  {label:<52} {counts[key]}")
        if counts["unreadable"]:
            raise CommandError(f"{counts['unreadable']} evidence files could not be decrypted with any configured key: keep "
                               "the old key in EVIDENCE_ENCRYPTION_KEYS until this is resolved (the log names the files).")
        self.stdout.write(self.style.SUCCESS(f"Every evidence file is encrypted with the current key "
                                             f"({sum(counts[k] for k in ('encrypted', 're-encrypted', 'current'))} files)."))
