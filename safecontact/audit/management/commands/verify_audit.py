from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safecontact.audit.verify import verify_all


class Command(BaseCommand):
    help = "Verify every audit hash chain; report the first broken link of each."

    def handle(self, *args: Any, **options: Any) -> None:
        count, breaks = verify_all()
        if breaks:
            for b in breaks:
                self.stderr.write(f"Chain {b.chain}: broken at event {b.seq}: {b.reason}")
            raise CommandError(f"{len(breaks)} of {count} audit chains are broken.")
        self.stdout.write(f"OK: {count} audit chains verified, no broken links.")
