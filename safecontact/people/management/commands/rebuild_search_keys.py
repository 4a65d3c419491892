from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from safecontact.accounts.models import Organisation
from safecontact.matching.keys import KEYS_VERSION
from safecontact.people.models import Person, PersonAddress, PersonAlias, PersonSearchKey
from safecontact.people.search_keys_rebuild import rebuild_search_keys


class Command(BaseCommand):
    help = ("Recompute every person's matching keys (after a change to safecontact.matching's keys or name data; the migration "
            "that follows such a change runs it too). Writes only the differences; safe to run at any time.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--council", help="Slug of one council (default: every council)")

    def handle(self, *args: Any, **options: Any) -> None:
        council_id = None
        if options.get("council"):
            council = Organisation.objects.filter(slug=options["council"]).first()
            if council is None:
                raise CommandError(f"No council has the slug {options['council']!r}.")
            council_id = council.pk
        with transaction.atomic():
            changed, added, removed = rebuild_search_keys(Person, PersonSearchKey, PersonAlias, PersonAddress, council_id)
        self.stdout.write(f"Search keys (version {KEYS_VERSION}): {changed} people updated, {added} keys added, {removed} removed.")
