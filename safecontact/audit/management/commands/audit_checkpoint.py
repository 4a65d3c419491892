from typing import Any

from django.core.management.base import BaseCommand

from safecontact.audit.checkpoints import audit_checkpoint_write, checkpoint_dir


class Command(BaseCommand):
    help = "Append a signed checkpoint of every audit chain's head to AUDIT_CHECKPOINT_DIR (run from cron, e.g. every 15 minutes)."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = audit_checkpoint_write()
        self.stdout.write(f"Checkpoints written: {counts['written']} (unchanged chains: {counts['unchanged']}) in {checkpoint_dir()}.")
