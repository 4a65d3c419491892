"""A council's own identity provider (OpenID Connect, e.g. Microsoft Entra ID): setting it up, and deciding who a
sign-in through it is. The allauth plumbing that calls these is in accounts/social.py (ADR 0017).

Who a first sign-in is: an invited person of that council (the invitation is accepted: no password is set, and the
role the invitation gives is given as on any acceptance), or an active person of that council with that email
address. Anyone else is refused, with the reason audited. Nobody registers themselves through a provider, and no role
ever comes from one: roles come only from the access-request flow (or an invitation a register manager sent)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.text import slugify

from safecontact.access.checks import require
from safecontact.access.policy import Action
from safecontact.accounts.models import CouncilSignInProvider, Invitation, Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError

# RFC 8176 authentication method references that mean a second factor (or a phishing-resistant key) was used.
MFA_AMR_VALUES = frozenset({"mfa", "otp", "hwk", "swk", "fido"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class SignInRefusedError(Exception):
    """A sign-in through a provider that must not go on. `reason` is one of REFUSAL_REASONS (audited, and chooses the
    words on the refusal page)."""

    def __init__(self, reason: str, *, user: User | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user = user


REFUSAL_REASONS = frozenset({
    "not_invited", "domain_not_allowed", "deactivated", "invitation_expired", "no_email", "email_not_verified",
    "already_linked", "wrong_issuer", "wrong_nonce", "not_sign_in", "provider_error", "cancelled", "provider_unknown",
})


# --- Reads ---------------------------------------------------------------------------------------------------------

def provider_secret(provider: CouncilSignInProvider) -> str:
    return os.environ.get(provider.secret_env_var, "")


def providers_usable() -> list[CouncilSignInProvider]:
    """Enabled providers whose secret is in the environment: the ones offered on the sign-in page."""
    providers = CouncilSignInProvider.objects.filter(enabled=True).select_related("council").order_by("name", "slug")
    return [p for p in providers if provider_secret(p)]


def provider_get(*, slug: str) -> CouncilSignInProvider | None:
    return CouncilSignInProvider.objects.select_related("council").filter(slug=slug, enabled=True).first()


def provider_list_for_council(*, council: Organisation) -> list[CouncilSignInProvider]:
    return list(CouncilSignInProvider.objects.filter(council=council).order_by("name"))


def provider_summaries_for_council(*, council: Organisation) -> list[dict[str, Any]]:
    """For the council settings page: each provider and whether its secret is in the environment (never the secret)."""
    return [{"provider": p, "secret_present": bool(provider_secret(p))} for p in provider_list_for_council(council=council)]


def email_domain_allowed(provider: CouncilSignInProvider, email: str) -> bool:
    domain = email.rpartition("@")[2].strip().lower()
    return bool(domain) and domain in {d.lower() for d in provider.allowed_domains}


def _normalised_issuer(url: str) -> str:
    return url.strip().rstrip("/")


def issuer_matches(provider: CouncilSignInProvider, issuer: Any) -> bool:
    return isinstance(issuer, str) and _normalised_issuer(issuer) == _normalised_issuer(provider.issuer)


def mfa_asserted(provider: CouncilSignInProvider, claims: Mapping[str, Any]) -> bool:
    """Whether the ID token says the person used a second factor: an `amr` value from RFC 8176's MFA methods, or an
    `acr` the council listed (Entra ID and others name their assurance levels differently)."""
    amr = claims.get("amr") or []
    amr_values = {amr} if isinstance(amr, str) else {str(v) for v in amr} if isinstance(amr, list) else set()
    if amr_values & MFA_AMR_VALUES:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and bool(acr) and acr in set(provider.mfa_acr_values)


# --- Writes --------------------------------------------------------------------------------------------------------

def _clean_issuer(issuer: str) -> str:
    issuer = issuer.strip()
    try:
        URLValidator(schemes=["https", "http"])(issuer)
    except ValidationError as exc:
        raise ApplicationError("Enter the provider's issuer address, like https://login.microsoftonline.com/<tenant>/v2.0",
                               field="issuer") from exc
    parts = urlsplit(issuer)
    if parts.scheme != "https" and parts.hostname not in LOOPBACK_HOSTS:
        raise ApplicationError("The issuer address must start with https://", field="issuer")
    return issuer


def _clean_domains(domains: Iterable[str]) -> list[str]:
    cleaned = sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})
    if not cleaned:
        raise ApplicationError("Enter at least one email domain the council's staff sign in with", field="allowed_domains")
    for domain in cleaned:
        try:
            validate_email(f"someone@{domain}")
        except ValidationError as exc:
            raise ApplicationError(f"{domain!r} is not an email domain, like north-demo.gov.uk", field="allowed_domains") from exc
    return cleaned


@transaction.atomic
def provider_configure(*, actor: User | None, council: Organisation, name: str, issuer: str, client_id: str,
                       secret_env_var: str, allowed_domains: Iterable[str], mfa_acr_values: Iterable[str] = (),
                       enabled: bool = True, slug: str = "") -> CouncilSignInProvider:
    """Set up or change a council's provider (keyed by its slug, the council's short name unless given).
    `actor=None` is the `configure_sign_in` command, run by whoever runs the installation."""
    if actor is not None:
        require(actor, Action.COUNCIL_SETUP, council)
    if not council.is_council:
        raise ApplicationError("Only a council signs its staff in through its own provider.")
    slug = slugify(slug or council.slug)
    provider = CouncilSignInProvider.objects.select_for_update().filter(slug=slug).first()
    if provider is not None and provider.council_id != council.pk:
        raise ApplicationError("Another council's provider uses this short name: choose another", field="slug")
    provider = provider or CouncilSignInProvider(council=council, slug=slug)
    created = provider._state.adding
    provider.name = " ".join(name.split())
    provider.issuer = _clean_issuer(issuer)
    provider.client_id = client_id.strip()
    provider.secret_env_var = secret_env_var.strip()
    provider.allowed_domains = _clean_domains(allowed_domains)
    provider.mfa_acr_values = sorted({v.strip() for v in mfa_acr_values if v.strip()})
    provider.enabled = enabled
    try:
        provider.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ApplicationError(f"{field.replace('_', ' ').capitalize()}: {' '.join(messages)}", field=field) from exc
    provider.save()
    audit_record(actor=actor, event=EventType.SIGN_IN_PROVIDER_CONFIGURED, council=council, subject=provider,
                 data={"created": created, "enabled": enabled, "slug": slug, "domains": provider.allowed_domains})
    return provider


def _check_user(provider: CouncilSignInProvider, user: User | None) -> User:
    # Someone of another organisation is "not invited" here: the page must not say that the address exists elsewhere.
    if user is None or user.organisation_id != provider.council_id:
        raise SignInRefusedError("not_invited")
    if not user.is_active:
        raise SignInRefusedError("deactivated", user=user)
    return user


def sign_in_check_linked(*, provider: CouncilSignInProvider, user: User, email: str) -> User:
    """A sign-in by an account linked before: still of this council, still active, still an allowed domain."""
    if email and not email_domain_allowed(provider, email):
        raise SignInRefusedError("domain_not_allowed", user=user)
    return _check_user(provider, user)


@transaction.atomic
def sign_in_link(*, provider: CouncilSignInProvider, email: str, uid: str) -> User:
    """The account a first sign-in (the provider's subject `uid`) belongs to: an invited or active person of this
    council with this email address. Accepts their pending invitation (which gives its role, as accepting by password
    does). Refused if the person is already linked to another subject at this provider: an email address alone must
    not add a second way into an account (an address can be reassigned at the provider)."""
    from allauth.socialaccount.models import SocialAccount

    from safecontact.accounts.invitations import invitation_accept_with_provider

    if not email_domain_allowed(provider, email):
        raise SignInRefusedError("domain_not_allowed")
    user = _check_user(provider, User.objects.select_for_update().filter(email__iexact=email.strip()).first())
    if SocialAccount.objects.filter(user=user, provider=provider.slug).exclude(uid=uid).exists():
        raise SignInRefusedError("already_linked", user=user)
    invitation = Invitation.objects.filter(user=user, council=provider.council, status=Invitation.Status.PENDING).first()
    if invitation is not None:
        if invitation.is_expired():
            raise SignInRefusedError("invitation_expired", user=user)
        invitation_accept_with_provider(invitation=invitation, provider_slug=provider.slug)
    audit_record(actor=user, event=EventType.SIGN_IN_PROVIDER_LINKED, council=provider.council, subject=user,
                 data={"provider": provider.slug, "invitation_accepted": invitation is not None})
    return user


@transaction.atomic
def sign_in_refusal_record(*, provider: CouncilSignInProvider | None, reason: str, user: User | None = None,
                           detail: str = "") -> None:
    """Audited on the council's chain (the system chain when the provider is unknown); never the address typed or
    claimed, which may be someone else's."""
    data: dict[str, Any] = {"reason": reason, "provider": provider.slug if provider else ""}
    if detail:
        data["detail"] = detail[:120]
    audit_record(actor=None, event=EventType.SIGN_IN_PROVIDER_REFUSED, council=provider.council if provider else None,
                 subject=user or provider, data=data)


@transaction.atomic
def signed_in_with_provider_record(*, provider: CouncilSignInProvider, user: User, mfa: bool) -> None:
    audit_record(actor=user, event=EventType.SIGNED_IN_WITH_PROVIDER, council=provider.council, subject=user,
                 data={"provider": provider.slug, "mfa_asserted": mfa})
