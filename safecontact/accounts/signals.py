"""Sign-in, sign-out, failures, lockouts and MFA changes are audited. These come from
django-allauth, django-axes and Django itself, so signals are the only hook available."""

from typing import Any

from allauth.account.signals import password_changed, password_reset
from allauth.account.signals import user_logged_in as allauth_user_logged_in
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record


def _home_council(user: Any):  # type: ignore[no-untyped-def]
    organisation = getattr(user, "organisation", None)
    return organisation if organisation is not None and organisation.is_council else None


def _record(user: Any, event: EventType, data: dict[str, Any] | None = None) -> None:
    audit_record(actor=user, event=event, council=_home_council(user), subject=user, data=data)


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, EventType.SIGNED_IN)


@receiver(allauth_user_logged_in)
def on_allauth_logged_in(sender: Any, request: Any, user: Any, sociallogin: Any = None, **kwargs: Any) -> None:
    """allauth's own signal names the sign-in through a council's identity provider (Django's does not)."""
    from safecontact.accounts.social import on_signed_in

    on_signed_in(request, user, sociallogin)


@receiver(user_logged_out)
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record(user, EventType.SIGNED_OUT)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    from safecontact.accounts.models import User

    # The typed email is not stored (it may be someone's mistyped address); the account's id is.
    login = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    user = User.objects.filter(email__iexact=str(login)).first() if login else None
    audit_record(
        actor=None, event=EventType.SIGN_IN_FAILED, council=_home_council(user), subject=user,
        data={"known_account": user is not None},
    )


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    from safecontact.accounts.models import User

    user = User.objects.filter(email__iexact=username or "").first()
    audit_record(actor=None, event=EventType.LOCKED_OUT, council=_home_council(user), subject=user)


@receiver(authenticator_added)
def on_mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record(user, EventType.MFA_ADDED, {"type": authenticator.type})


@receiver(authenticator_removed)
def on_mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record(user, EventType.MFA_REMOVED, {"type": authenticator.type})


@receiver(authenticator_reset)
def on_mfa_reset(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record(user, EventType.MFA_RESET, {"type": authenticator.type})


@receiver(password_changed)
def on_password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, EventType.PASSWORD_CHANGED)


@receiver(password_reset)
def on_password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, EventType.PASSWORD_RESET)
