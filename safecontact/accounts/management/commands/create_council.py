from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from safecontact.accounts.invitations import council_create
from safecontact.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = ("Set up a council (its settings; the default lists are shared) and email its first register manager an "
            "invitation: a single-use link, valid for INVITATION_VALID_DAYS, to set a password and then MFA.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help='The council\'s name, for example "North Demo Council"')
        parser.add_argument("--slug", default="", help="Short name (lowercase letters, numbers, hyphens); made from the name if left out")
        parser.add_argument("--admin-email", required=True, help="Work email address of the first register manager")
        parser.add_argument("--admin-name", default="", help="Their full name (they can correct it when they accept)")
        parser.add_argument("--show-link", action="store_true",
                            help="Also print the invitation link here (when email is not set up yet); it is a password-setting link")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            sent = council_create(actor=None, acting_for=None, name=options["name"], slug=options["slug"],
                                  admin_email=options["admin_email"], admin_name=options["admin_name"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        invitation = sent.invitation
        self.stdout.write(self.style.SUCCESS(f"Council set up: {invitation.council.name} ({invitation.council.slug})"))
        self.stdout.write(f"Invitation for the first register manager queued to {invitation.user.email}; the link works once, "
                          f"until {timezone.localtime(invitation.expires_at):%-d %B %Y %H:%M}. The background worker sends it.")
        if options["show_link"]:
            self.stdout.write(f"Invitation link: {sent.link}")
