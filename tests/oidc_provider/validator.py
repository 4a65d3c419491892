"""Claims of the test provider, and the faults a test can ask it to make (control.json beside its database):
{"amr": {"username": ["pwd", "mfa"]}, "acr": {"username": "..."}, "id_token": {"aud": "...", "nonce": "...", "iss": "..."},
 "email_verified": {"username": false}}. The control file is read at every token, so a test changes it between sign-ins."""

import json
import os
from pathlib import Path
from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


def control() -> dict[str, Any]:
    path = Path(os.environ["OIDC_PROVIDER_DIR"]) / "control.json"
    return json.loads(path.read_text()) if path.exists() else {}


class TestProviderValidator(OAuth2Validator):
    # Every claim below goes into the ID token and userinfo whatever the scope (the real providers' defaults vary).
    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user, settings = request.user, control()
        claims: dict[str, Any] = {"email": user.email, "name": user.get_full_name() or user.username,
                                  "preferred_username": user.email}
        verified = settings.get("email_verified", {}).get(user.username)
        claims["email_verified"] = True if verified is None else verified
        if user.username in settings.get("amr", {}):
            claims["amr"] = settings["amr"][user.username]
        if user.username in settings.get("acr", {}):
            claims["acr"] = settings["acr"][user.username]
        return claims

    def get_id_token_dictionary(self, token: Any, token_handler: Any, request: Any) -> tuple[dict[str, Any], Any]:
        claims, expires = super().get_id_token_dictionary(token, token_handler, request)
        # A test's fault replaces the claim oauthlib or the toolkit would set (aud, nonce, iss), in the signed token.
        claims.update(control().get("id_token", {}))
        return claims, expires
