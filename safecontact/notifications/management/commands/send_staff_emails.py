from django.core.management.base import BaseCommand

from safecontact.notifications.outbox import staff_emails_deliver_due


class Command(BaseCommand):
    help = "Send every email to staff that is due in the outbox once (safe to run from several workers at once)."

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        sent = staff_emails_deliver_due()
        self.stdout.write(f"Sent {sent} email(s) to staff.")
