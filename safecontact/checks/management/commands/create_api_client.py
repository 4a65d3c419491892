from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safecontact.accounts.models import Organisation
from safecontact.checks.services_api import api_client_create
from safecontact.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create a service account for a CRM, housing or lone-worker system and print its token once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name")
        parser.add_argument("--organisation", required=True, help="Slug of the organisation that runs the system")
        parser.add_argument("--council", help="Slug of the council whose register it asks (default: the organisation)")
        parser.add_argument("--callback-url", default="", help="https URL to POST answers to possible matches to (signed)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = Organisation.objects.get(slug=options["organisation"])
            council = Organisation.objects.get(slug=options["council"] or options["organisation"])
        except Organisation.DoesNotExist as exc:
            raise CommandError("No organisation with that slug.") from exc
        try:
            client, token = api_client_create(name=options["name"], council=council, organisation=organisation,
                                              callback_url=options["callback_url"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"API client '{client.name}' for {council} created. Its token (shown once):")
        self.stdout.write(token)
        if client.callback_secret:
            self.stdout.write("Its callback signing secret (shown once; HMAC-SHA256 of the body, header X-Safe-Contact-Signature):")
            self.stdout.write(client.callback_secret)
