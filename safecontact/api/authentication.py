"""Service accounts for CRM, housing and lone-worker systems: `Authorization: Bearer <token>`.
Tokens are stored only as SHA-256 hashes."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from safecontact.accounts.selectors import settings_joined

LAST_USED_PRECISION = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, str] | None:
        from safecontact.checks.models import ApiClient

        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the token as: Authorization: Bearer <token>.")
        try:
            token = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("The token is not valid.") from exc
        client = ApiClient.objects.select_related("council__settings", "organisation").filter(
            token_hash=ApiClient.hash_token(token), active=True
        ).first()
        if client is None:
            raise exceptions.AuthenticationFailed("The token is not valid.")
        now = timezone.now()
        # "Last used" is shown to the minute: a busy client's calls need not each write it (issue 16).
        if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        # The client acts for one council, as a signed-in user acts for the council chosen in session.
        request._request.council = settings_joined(client.council)  # type: ignore[attr-defined]
        return client, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Documents the bearer token in the OpenAPI schema."""

    target_class = "safecontact.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "A service-account token from `manage.py create_api_client`."}
