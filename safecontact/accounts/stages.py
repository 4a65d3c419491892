"""allauth's sign-in stages, as Safe Contact needs them.

allauth asks for a person's own second factor (TOTP or security key) after every sign-in, a provider sign-in
included. Issue 13: someone who signed in through the council's identity provider, whose ID token says they already
used a second factor there (`amr`/`acr`, ADR 0017), is not asked again; without that assertion they are.
"""

from typing import Any

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage
from django.http import HttpRequest


def _sociallogin_of(login: Any) -> Any:
    """The provider sign-in behind this login, if there is one: an object on the request that signed in, a
    serialised dict when allauth has stashed the login in the session between stages."""
    sociallogin = (getattr(login, "signal_kwargs", None) or {}).get("sociallogin")
    if isinstance(sociallogin, dict):
        from allauth.socialaccount.models import SocialLogin

        sociallogin = SocialLogin.deserialize(sociallogin)
    return sociallogin


class AuthenticateStage(AllauthAuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        from safecontact.accounts.social import provider_asserted_mfa

        sociallogin = _sociallogin_of(self.login)
        if sociallogin is not None and provider_asserted_mfa(sociallogin):
            return False
        return super()._should_handle(request)
