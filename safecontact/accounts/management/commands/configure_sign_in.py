from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safecontact.accounts.models import Organisation
from safecontact.accounts.sign_in_providers import provider_configure, provider_list_for_council, provider_secret
from safecontact.core.exceptions import ApplicationError


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


class Command(BaseCommand):
    help = ("Set up or change a council's own identity provider (Microsoft Entra ID or any OpenID Connect provider), so "
            "that its staff sign in with their work account. The client secret stays in the environment: give the NAME "
            "of the variable that holds it. Run again with the same council to change it; --list shows what is set.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", required=True, help="The council's short name (slug), as given to create_council")
        parser.add_argument("--list", action="store_true", help="Only show the council's providers")
        parser.add_argument("--name", default="", help='Shown on the button: "Sign in with NAME", e.g. "Microsoft" or "North Demo Council"')
        parser.add_argument("--issuer", default="", help="The issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0")
        parser.add_argument("--client-id", default="", help="The application (client) id registered at the provider")
        parser.add_argument("--secret-env-var", default="", help="Name of the environment variable holding the client secret")
        parser.add_argument("--allowed-domains", default="", help="Comma-separated email domains, e.g. north-demo.gov.uk")
        parser.add_argument("--mfa-acr-values", default="", help="Comma-separated `acr` values that mean MFA was used")
        parser.add_argument("--slug", default="", help="Short name in the sign-in addresses (default: the council's)")
        parser.add_argument("--disable", action="store_true", help="Stop offering this provider (linked accounts are kept)")

    def handle(self, *args: Any, **options: Any) -> None:
        council = Organisation.objects.filter(slug=options["council"], kind=Organisation.Kind.COUNCIL).first()
        if council is None:
            raise CommandError(f"No council has the short name {options['council']!r}: set it up first with create_council.")
        if not options["list"]:
            missing = [f"--{name.replace('_', '-')}" for name in ("name", "issuer", "client_id", "secret_env_var", "allowed_domains")
                       if not options[name]]
            if missing:
                raise CommandError(f"Give {', '.join(missing)} (or --list to see what is set).")
            try:
                provider_configure(actor=None, council=council, slug=options["slug"], name=options["name"], issuer=options["issuer"],
                                   client_id=options["client_id"], secret_env_var=options["secret_env_var"],
                                   allowed_domains=_csv(options["allowed_domains"]), mfa_acr_values=_csv(options["mfa_acr_values"]),
                                   enabled=not options["disable"])
            except ApplicationError as error:
                raise CommandError(error.message) from error
        for provider in provider_list_for_council(council=council):
            secret = "set" if provider_secret(provider) else "NOT SET: the button is not shown until it is"
            self.stdout.write(
                f"{provider.name} ({'enabled' if provider.enabled else 'disabled'}): issuer {provider.issuer}, client id "
                f"{provider.client_id}, domains {', '.join(provider.allowed_domains)}, secret in ${provider.secret_env_var} ({secret}); "
                f"redirect URI to register at the provider: <SITE_URL>/accounts/oidc/{provider.slug}/login/callback/")
