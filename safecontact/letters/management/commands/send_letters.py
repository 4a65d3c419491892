from django.core.management.base import BaseCommand

from safecontact.letters.services.outbox import letters_deliver_due


class Command(BaseCommand):
    help = "Send every letter due in the outbox once (safe to run from several workers at once)."

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        sent = letters_deliver_due()
        self.stdout.write(f"Sent {sent} letter(s).")
