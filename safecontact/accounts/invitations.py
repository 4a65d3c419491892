"""Writes for setting up a council and inviting people: keyword-only, explicit actor, own transaction, audit inside.

An invitation is a single-use link, valid for INVITATION_VALID_DAYS, to set a password; a role that needs MFA then
sends the person to set it up at their first sign-in (access/middleware.py). The database keeps only a SHA-256 hash
of the link's token (256 random bits, so a plain hash is enough); the link is in the email alone, which goes through
the staff email outbox (notifications/) in the transaction that invites. The outbox row keeps the email's text, link
included, as every outbox row does: the link stops working once accepted, cancelled, sent again, or expired.

Whom an invitation makes: the person's account at once (no password, so no sign-in), so that line managers and teams
can be set, in the CSV import too; the role only when the invitation is accepted. A council's first register manager
(and a system administrator named by the command) are given their role by the system, as `role_assignment_bootstrap`
does for a new deployment; an invitation from a register manager may give the staff member role as their approval
(accounts/services.py INVITATION_ROLES); any other role is asked for and approved as usual."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email, validate_slug
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from safecontact.access.checks import can, require
from safecontact.access.policy import Action, Role
from safecontact.accounts import services
from safecontact.accounts.models import Invitation, Organisation, RoleAssignment, Team, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError

TOKEN_BYTES = 32
FIRST_REGISTER_MANAGER = "The council's first register manager, invited when the council was set up"
FIRST_SYSADMIN = "A system administrator of the council, invited by the installation's administrator"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SentInvitation:
    invitation: Invitation
    token: str  # in memory only: for the email, and for the command that prints the link on request

    @property
    def link(self) -> str:
        return settings.SITE_URL.rstrip("/") + reverse("accounts:invitation_accept", kwargs={"token": self.token})


def _email(sent: SentInvitation) -> None:
    # The outbox is in a later app (it points at accounts), hence the import here.
    from safecontact.notifications.services import staff_email_queue

    invitation = sent.invitation
    staff_email_queue(
        council=invitation.council, recipients=[invitation.user.email],
        subject=f"You are invited to use {settings.SERVICE_NAME} for {invitation.council}: set your password",
        path=reverse("accounts:invitation_accept", kwargs={"token": sent.token}),
        key=f"invitation:{invitation.pk}:{invitation.times_sent}",
    )


def _issue(invitation: Invitation) -> SentInvitation:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    invitation.token_hash = token_hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=settings.INVITATION_VALID_DAYS)
    return SentInvitation(invitation=invitation, token=token)


def _name_from_email(email: str) -> str:
    return " ".join(part.capitalize() for part in email.partition("@")[0].replace("_", ".").replace("-", ".").split(".") if part)


def _never_signed_in(user: User) -> bool:
    return user.last_login is None and not user.has_usable_password()


def _invitee(*, actor: User | None, council: Organisation, email: str, full_name: str, job_title: str = "",
             team: Team | None = None, line_manager: User | None = None) -> User:
    """The account an invitation is for: new, or one of this council's that has never signed in (invited before)."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ApplicationError("Enter an email address in the correct format, like name@example.gov.uk", field="email") from exc
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ApplicationError("Enter the person's full name", field="full_name")
    if team is not None and team.council_id != council.pk:
        raise ApplicationError("Choose a team of this council", field="team")
    existing = User.objects.select_for_update().filter(email__iexact=email).first()
    if existing is None:
        if line_manager is not None and (line_manager.organisation_id != council.pk or not line_manager.is_active):
            raise ApplicationError("Choose a line manager who works for this council", field="line_manager")
        return services.user_create(actor=actor, council=council, email=email, full_name=full_name, organisation=council,
                                    line_manager=line_manager, job_title=job_title.strip(), team=team)
    if existing.invitations.filter(status=Invitation.Status.PENDING).exists():
        raise ApplicationError("This person has been invited already: send their invitation again from the list", field="email")
    if existing.organisation_id != council.pk or not _never_signed_in(existing):
        raise ApplicationError("Someone with this email address already has an account", field="email")
    services.check_line_manager(council=council, user=existing, line_manager=line_manager)
    existing.full_name, existing.job_title, existing.team, existing.line_manager = full_name, job_title.strip(), team, line_manager
    existing.is_active, existing.deactivated_at = True, None
    existing.full_clean()
    existing.save()
    audit_record(actor=actor, event=EventType.USER_UPDATED, council=council, subject=existing, data={"invited_again": True})
    return existing


def _invite(*, actor: User | None, council: Organisation, user: User, role: Role | None, bootstrap: bool = False,
            business_need: str = "") -> SentInvitation:
    sent = _issue(Invitation(council=council, user=user, role=role or "", bootstrap=bootstrap,
                             business_need=business_need.strip(), invited_by=actor))
    sent.invitation.full_clean()
    sent.invitation.save()
    audit_record(actor=actor, event=EventType.INVITATION_SENT, council=council, subject=sent.invitation,
                 data={"user": str(user.pk), "role": role or "", "bootstrap": bootstrap})
    _email(sent)
    return sent


@transaction.atomic
def council_create(*, actor: User | None, acting_for: Organisation | None, name: str, slug: str, admin_email: str,
                   admin_name: str = "") -> SentInvitation:
    """A new council with its settings, and an invitation for its first register manager. `actor=None` is the
    command run by whoever installs the service; from the pages it is a system administrator."""
    if actor is not None:
        require(actor, Action.COUNCIL_SETUP, acting_for)
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("Enter the council's name", field="name")
    slug = slug.strip().lower() or slugify(name)
    try:
        validate_slug(slug)
    except ValidationError as exc:
        raise ApplicationError("Use only lowercase letters, numbers and hyphens in the short name", field="slug") from exc
    if Organisation.objects.filter(slug=slug).exists():
        raise ApplicationError("Another organisation already uses this short name", field="slug")
    if Organisation.objects.filter(name__iexact=name, kind=Organisation.Kind.COUNCIL).exists():
        raise ApplicationError("A council with this name has been set up already", field="name")
    council = services.organisation_create(actor=actor, name=name, slug=slug, kind=Organisation.Kind.COUNCIL)
    try:
        user = _invitee(actor=actor, council=council, email=admin_email, full_name=admin_name or _name_from_email(admin_email),
                        job_title="Register manager")
    except ApplicationError as error:
        raise ApplicationError(error.message, field={"email": "admin_email", "full_name": "admin_name"}.get(error.field or "")) from error
    return _invite(actor=actor, council=council, user=user, role=Role.REGISTER_MANAGER, bootstrap=True,
                   business_need=FIRST_REGISTER_MANAGER)


@transaction.atomic
def sysadmin_invite(*, council: Organisation, email: str, full_name: str = "") -> SentInvitation:
    """A system administrator for a council, invited by the command (the system acting)."""
    if not council.is_council:
        raise ApplicationError("A system administrator works for a council.")
    user = _invitee(actor=None, council=council, email=email, full_name=full_name or _name_from_email(email),
                    job_title="System administrator")
    return _invite(actor=None, council=council, user=user, role=Role.SYSADMIN, bootstrap=True, business_need=FIRST_SYSADMIN)


@transaction.atomic
def invitation_create(*, actor: User, council: Organisation, email: str, full_name: str, job_title: str = "",
                      team: Team | None = None, line_manager: User | None = None, role: Role | None = None,
                      business_need: str = "") -> SentInvitation:
    require(actor, Action.USER_INVITE, council)
    if role is not None:
        if role not in services.INVITATION_ROLES:
            raise ApplicationError("An invitation can give only the staff member role; ask for other roles once they have joined",
                                   field="role")
        if not can(actor, Action.ROLE_ASSIGNMENT_DECIDE, council):
            raise ApplicationError("Only a register manager can give a role with an invitation: invite them without one, "
                                   "and their line manager asks for it", field="role")
        if not business_need.strip():
            raise ApplicationError("Say why this person needs the role", field="business_need")
    user = _invitee(actor=actor, council=council, email=email, full_name=full_name, job_title=job_title, team=team,
                    line_manager=line_manager)
    return _invite(actor=actor, council=council, user=user, role=role, business_need=business_need)


def _locked(*, council: Organisation, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("user", "council").get(pk=invitation.pk)
    if invitation.council_id != council.pk:
        raise ApplicationError("This invitation is for another council.")
    if invitation.status != Invitation.Status.PENDING:
        raise ApplicationError(f"This invitation has been {invitation.get_status_display().lower()} already.")
    return invitation


@transaction.atomic
def invitation_resend(*, actor: User, council: Organisation, invitation: Invitation) -> SentInvitation:
    """A new link (the old one stops working) valid for a fresh period: for a lost or expired email."""
    require(actor, Action.USER_INVITE, council)
    invitation = _locked(council=council, invitation=invitation)
    if not invitation.user.is_active:
        raise ApplicationError("This person has been deactivated: invite them again instead.")
    sent = _issue(invitation)
    invitation.times_sent += 1
    invitation.full_clean()
    invitation.save()
    audit_record(actor=actor, event=EventType.INVITATION_RESENT, council=council, subject=invitation,
                 data={"times_sent": invitation.times_sent})
    _email(sent)
    return sent


@transaction.atomic
def invitation_cancel(*, actor: User, council: Organisation, invitation: Invitation) -> Invitation:
    """The link stops working, and the account made for it is deactivated (it has never been used)."""
    require(actor, Action.USER_INVITE, council)
    invitation = _locked(council=council, invitation=invitation)
    invitation.status, invitation.cancelled_at = Invitation.Status.CANCELLED, timezone.now()
    invitation.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_record(actor=actor, event=EventType.INVITATION_CANCELLED, council=council, subject=invitation)
    user = invitation.user
    if user.is_active and _never_signed_in(user) and user.pk != actor.pk:
        services.user_deactivate(actor=actor, council=council, user=user)
    return invitation


def invitation_problem(invitation: Invitation | None) -> str:
    """Why a link does not work, in words for the person who opened it; empty when it works."""
    if invitation is None:
        return "This link does not work. Check that you copied all of it from the email."
    if invitation.status == Invitation.Status.ACCEPTED:
        return "This invitation has been used already. Sign in with your email address and the password you set."
    if invitation.status == Invitation.Status.CANCELLED or not invitation.user.is_active:
        return "This invitation has been cancelled. Ask your council's register manager if you need access."
    if invitation.is_expired():
        return "This invitation has expired. Ask your council's register manager to send it again."
    return ""


@transaction.atomic
def invitation_link_refused(*, invitation: Invitation) -> None:
    """Someone opened the link of an invitation that no longer works (used, cancelled or expired)."""
    reason = ("accepted" if invitation.status == Invitation.Status.ACCEPTED else "cancelled"
              if invitation.status == Invitation.Status.CANCELLED or not invitation.user.is_active else "expired")
    audit_record(actor=None, event=EventType.INVITATION_LINK_REFUSED, council=invitation.council, subject=invitation,
                 data={"reason": reason})


def _give_role(invitation: Invitation, user: User) -> bool:
    if not invitation.role:
        return False
    role = Role(invitation.role)
    if RoleAssignment.objects.filter(user=user, role=role, council=invitation.council, status__in=["requested", "approved"]).exists():
        return False  # asked for (or given) some other way meanwhile
    if invitation.bootstrap:
        services.role_assignment_bootstrap(council=invitation.council, user=user, role=role, reason=invitation.business_need)
        return True
    if invitation.invited_by_id is None:
        return False
    approver = User.objects.filter(pk=invitation.invited_by_id, is_active=True).first()
    if approver is None:
        return False
    try:
        services.role_assignment_grant_invited(approver=approver, council=invitation.council, user=user, role=role,
                                               business_need=invitation.business_need, invitation_id=invitation.pk)
    except (PermissionDenied, ApplicationError):
        return False  # the register manager who sent it can no longer approve: the role is asked for as usual
    return True


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """The invited person sets their name and password. Works once, before the invitation expires."""
    invitation = Invitation.objects.select_for_update().select_related("user", "council").filter(token_hash=token_hash(token)).first()
    problem = invitation_problem(invitation)
    if problem:
        raise ApplicationError(problem)
    assert invitation is not None
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ApplicationError("Enter your full name", field="full_name")
    user.full_name = full_name
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password1") from exc
    user.set_password(password)
    user.save(update_fields=["full_name", "password", "updated_at"])
    invitation.status, invitation.accepted_at = Invitation.Status.ACCEPTED, timezone.now()
    invitation.save(update_fields=["status", "accepted_at", "updated_at"])
    given = _give_role(invitation, user)
    audit_record(actor=user, event=EventType.INVITATION_ACCEPTED, council=invitation.council, subject=invitation,
                 data={"role": invitation.role, "role_given": given})
    return user



@transaction.atomic
def invitation_accept_with_provider(*, invitation: Invitation, provider_slug: str) -> User:
    """The invited person signed in through their council's identity provider (accounts/sign_in_providers.py) instead
    of opening the link: the invitation is accepted as by the link, except that no password is set (they sign in
    through the provider) and the name stays as invited. The link stops working."""
    invitation = Invitation.objects.select_for_update().select_related("user", "council").get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ApplicationError(problem)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    invitation.status, invitation.accepted_at = Invitation.Status.ACCEPTED, timezone.now()
    invitation.save(update_fields=["status", "accepted_at", "updated_at"])
    given = _give_role(invitation, user)
    audit_record(actor=user, event=EventType.INVITATION_ACCEPTED, council=invitation.council, subject=invitation,
                 data={"role": invitation.role, "role_given": given, "via_provider": provider_slug})
    return user

def sysadmin_create(*, email: str, full_name: str, password: str | None, council: Organisation | None = None) -> User:
    """What `manage.py createsuperuser` does here: a system administrator of the council (the only one, unless
    named), with the password typed. Safe Contact has no superusers: every power comes from a role in a council."""
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
    if council is None:
        if councils.count() != 1:
            raise ValidationError(
                "Safe Contact has no superusers: a system administrator holds that role in a council. "
                + ("Set up the council first with `manage.py create_council`, then run this again."
                   if not councils.exists() else "Name the council: `manage.py create_sysadmin EMAIL --council SLUG`.")
            )
        council = councils.get()
    return _sysadmin_with_password(council=council, email=email, full_name=full_name, password=password)


@transaction.atomic
def _sysadmin_with_password(*, council: Organisation, email: str, full_name: str, password: str | None) -> User:
    try:
        user = services.user_create(actor=None, council=council, email=email, full_name=full_name or _name_from_email(email),
                                    organisation=council, password=password, job_title="System administrator")
        services.role_assignment_bootstrap(council=council, user=user, role=Role.SYSADMIN, reason=FIRST_SYSADMIN)
    except ApplicationError as error:
        raise ValidationError(error.message) from error
    return user
