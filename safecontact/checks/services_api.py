import secrets

from django.db import transaction

from safecontact.accounts.models import Organisation
from safecontact.accounts.selectors import current_agreement
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.checks.models import ApiClient
from safecontact.core.exceptions import ApplicationError


@transaction.atomic
def api_client_create(*, name: str, council: Organisation, organisation: Organisation,
                      callback_url: str = "") -> tuple[ApiClient, str]:
    """Run by an administrator on the server (no web page): the token is printed once, stored hashed. With a callback
    URL, Customer Relations' answers to its possible matches are POSTed there, signed with a new secret (issue 15)."""
    if callback_url and not callback_url.startswith("https://"):
        raise ApplicationError("The callback URL must start with https://.")
    if not council.is_council:
        raise ApplicationError("API clients ask a council's register: name a council.")
    if organisation.pk != council.pk and current_agreement(council=council, organisation=organisation) is None:
        raise ApplicationError(f"{organisation} has no current data-sharing agreement with {council}.")
    token = ApiClient.new_token()
    client = ApiClient.objects.create(council=council, organisation=organisation, name=name,
                                      token_hash=ApiClient.hash_token(token), token_prefix=token[:8],
                                      callback_url=callback_url, callback_secret=secrets.token_hex(32) if callback_url else "")
    audit_record(actor=None, event=EventType.API_CLIENT_CREATED, council=council, subject=client)
    return client, token
