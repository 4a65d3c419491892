"""Walks EVERY URL pattern and asserts that each role (and anonymous, and a privileged user
without MFA) gets exactly what the access promises allow. A new URL that is not classified fails.

The expected answer comes from safecontact/access/tests/promises.py, written independently of
access/policy.py: taking it from the matrix under test agreed with any edit of the matrix (issue 18).
An action with no promise yet is left to safecontact/access/tests/test_promises.py, which names it."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic.base import RedirectView

from safecontact.access.policy import Role
from safecontact.access.tests.promises import promised_roles
from tests.url_samples import SAMPLES, make_context

# Third-party (allauth) pages: "public" pages anyone may open; "signed_in" pages need a session.
THIRD_PARTY = {
    "account_login": "public", "account_logout": "public", "account_inactive": "public",
    "account_reset_password": "public", "account_reset_password_done": "public",
    "account_reset_password_from_key": "public", "account_reset_password_from_key_done": "public",
    "account_confirm_login_code": "public", "account_signup": "public", "account_email": "public",
    "account_email_verification_sent": "public", "account_confirm_email": "public",
    "account_reauthenticate": "signed_in", "account_change_password": "signed_in", "account_set_password": "signed_in",
    "mfa_index": "signed_in", "mfa_authenticate": "public", "mfa_reauthenticate": "signed_in",
    "mfa_activate_totp": "signed_in", "mfa_deactivate_totp": "signed_in", "mfa_view_recovery_codes": "signed_in",
    "mfa_generate_recovery_codes": "signed_in", "mfa_download_recovery_codes": "signed_in",
    "mfa_list_webauthn": "signed_in", "mfa_add_webauthn": "signed_in", "mfa_edit_webauthn": "signed_in",
    "mfa_remove_webauthn": "signed_in", "mfa_reauthenticate_webauthn": "signed_in",
    # Sign-in through a council's identity provider (ADR 0017); connections and social sign-up are shadowed (404).
    "openid_connect_login": "public", "openid_connect_callback": "public", "socialaccount_connections": "public",
    "socialaccount_signup": "public", "socialaccount_login_cancelled": "public", "socialaccount_login_error": "public",
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and not _allauth_legacy_redirect(p):
            yield f"{namespace}{p.name}", p


def _allauth_legacy_redirect(p: URLPattern) -> bool:
    """allauth's unnamed `social/…` addresses, permanent redirects to its named `3rdparty/…` pages (swept by name);
    config/urls.py shadows them with a 404 anyway."""
    return p.name is None and getattr(p.callback, "view_class", None) is RedirectView and str(p.pattern).startswith("social/")


def required_action(pattern: URLPattern) -> Any:
    callback = pattern.callback
    if hasattr(callback, "required_action"):
        return callback.required_action
    view_class = getattr(callback, "cls", None)
    if view_class is not None:
        classes = getattr(callback, "initkwargs", {}).get("permission_classes") or view_class.permission_classes
        actions = {c.required_action for c in classes if hasattr(c, "required_action")}
        if len(actions) == 1:
            return actions.pop()
    return None


ALL_PATTERNS = sorted(_walk(get_resolver().url_patterns), key=lambda item: item[0])


def test_every_url_is_classified():
    unclassified = [
        name for name, p in ALL_PATTERNS
        if required_action(p) is None and not getattr(p.callback, "is_public", False) and name not in THIRD_PARTY
    ]
    assert unclassified == [], f"URL patterns with no @requires/@public and no sweep entry: {unclassified}"


def _url(name: str, pattern: URLPattern, ctx: Any) -> str:
    if name in SAMPLES:  # also for a pattern whose arguments are in an including pattern (allauth's OpenID Connect)
        return reverse(name, kwargs=SAMPLES[name](ctx))
    if pattern.pattern.regex.groups or "<" in str(pattern.pattern):
        assert name in SAMPLES, f"tests/url_samples.py needs sample arguments for {name}"
        return reverse(name, kwargs=SAMPLES[name](ctx))
    return reverse(name)


def _is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def _is_api(name: str) -> bool:
    return name.startswith("api:")


@pytest.mark.parametrize("role", [*Role, None], ids=[*(r.value for r in Role), "anonymous"])
def test_each_role_gets_exactly_what_the_promises_allow(role, council, user_with_role, client_for):
    actor = user_with_role(role, full_name="Sweep Actor") if role else None
    client = client_for(actor) if actor else Client()
    ctx = make_context(council, actor or user_with_role(Role.STAFF))
    failures = []
    for name, pattern in ALL_PATTERNS:
        failures += sweep_failures(client, role, name, pattern, ctx)
    assert failures == []


def sweep_failures(client: Client, role: Role | None, name: str, pattern: URLPattern, ctx: Any) -> list[str]:
    """What is wrong with one URL for one role (or anonymous), judged against the promises.
    Also used by test_promises to prove that flipping one cell of the matrix is noticed here."""
    url = _url(name, pattern, ctx)
    response = client.get(url)
    status = response.status_code
    if status >= 500:
        return [f"{url}: {status}"]
    action = required_action(pattern)
    if action is None:
        kind = "public" if getattr(pattern.callback, "is_public", False) else THIRD_PARTY[name]
        if kind == "signed_in" and role is None and not _is_login_redirect(response):
            return [f"{url}: anonymous reached a signed-in page ({status})"]
        return []
    if role is None:
        ok = status in (401, 403) if _is_api(name) else _is_login_redirect(response)
        return [] if ok else [f"{url}: anonymous got {status}"]
    promised = promised_roles(action)
    if promised is None:  # a new action with no promise yet: test_promises fails and names it
        return []
    if role in promised:
        return [] if status in (200, 405) else [f"{url}: {role} is promised {action} but got {status}"]
    if status != 403:  # the GET already broke the promise; do not also POST to a view the role should never reach
        return [f"{url}: {role} is not promised {action} but got {status}"]
    post = client.post(url, {})
    if post.status_code != 403:
        return [f"POST {url}: {role} is not promised {action} but got {post.status_code}"]
    return []


@pytest.mark.parametrize("role", sorted(Role), ids=lambda r: r.value)
def test_user_without_mfa_is_sent_to_set_it_up_everywhere(role, council, user_with_role, client_for):
    actor = user_with_role(role, mfa=False)
    client = client_for(actor)
    ctx = make_context(council, actor)
    setup = reverse("mfa_activate_totp")
    for name, pattern in ALL_PATTERNS:
        action = required_action(pattern)
        if action is None:
            continue
        response = client.get(_url(name, pattern, ctx))
        if _is_api(name):
            assert response.status_code == 403, name
        else:
            assert response.status_code == 302 and response["Location"] == setup, (name, response.status_code)
