from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safecontact.accounts.invitations import sysadmin_invite
from safecontact.accounts.models import Organisation
from safecontact.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = ("Invite a system administrator for a council (Safe Contact has no superusers: every power is a role in a "
            "council). They set a password and MFA from the emailed link, and can then set up more councils.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="Their work email address")
        parser.add_argument("--council", required=True, help="The council's short name (slug), as given to create_council")
        parser.add_argument("--name", default="", help="Their full name (they can correct it when they accept)")
        parser.add_argument("--show-link", action="store_true", help="Also print the invitation link here (when email is not set up yet)")

    def handle(self, *args: Any, **options: Any) -> None:
        council = Organisation.objects.filter(slug=options["council"], kind=Organisation.Kind.COUNCIL).first()
        if council is None:
            raise CommandError(f"No council has the short name {options['council']!r}: set it up first with create_council.")
        try:
            sent = sysadmin_invite(council=council, email=options["email"], full_name=options["name"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(
            f"Invitation for a system administrator of {council.name} queued to {sent.invitation.user.email}; the link works once, "
            f"until {timezone.localtime(sent.invitation.expires_at):%-d %B %Y %H:%M}. The background worker sends it."))
        if options["show_link"]:
            self.stdout.write(f"Invitation link: {sent.link}")
