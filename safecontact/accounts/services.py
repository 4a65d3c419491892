"""Writes about users and access. Keyword-only, explicit actor, own transaction, audit inside."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safecontact.access.checks import require
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import (
    CouncilSettings,
    DataSharingAgreement,
    Organisation,
    RoleAssignment,
    Team,
    User,
)
from safecontact.accounts.selectors import SignInLockout, council_settings_for, current_agreement, partner_organisations_for
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError

# Roles a partner body's or contractor's people may hold: they check and report, nothing more.
EXTERNAL_ROLES = frozenset({Role.PARTNER, Role.CONTRACTOR})


@transaction.atomic
def organisation_create(*, actor: User | None, name: str, slug: str, kind: str) -> Organisation:
    organisation = Organisation(name=name, slug=slug, kind=kind)
    organisation.full_clean()
    organisation.save()
    if organisation.is_council:
        CouncilSettings.objects.create(council=organisation)
    audit_record(
        actor=actor, event=EventType.ORGANISATION_CREATED, council=organisation if organisation.is_council else None,
        subject=organisation, data={"kind": kind},
    )
    return organisation


def _team_name(*, council: Organisation, name: str, team: Team | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ApplicationError("Enter the name of the team", field="name")
    clash = Team.objects.filter(council=council, name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ApplicationError("The council already has a team with this name", field="name")
    return name


@transaction.atomic
def team_create(*, actor: User | None, council: Organisation, name: str) -> Team:
    """A team or service area. `actor=None` is the system (demo data, the staff import's own checks)."""
    if actor is not None:
        require(actor, Action.TEAM_EDIT, council)
    team = Team(council=council, name=_team_name(council=council, name=name))
    team.full_clean()
    team.save()
    audit_record(actor=actor, event=EventType.TEAM_CREATED, council=council, subject=team)
    return team


@transaction.atomic
def team_rename(*, actor: User, council: Organisation, team: Team, name: str) -> Team:
    require(actor, Action.TEAM_EDIT, council)
    team = Team.objects.select_for_update().get(pk=team.pk)
    if team.council_id != council.pk:
        raise ApplicationError("Choose a team of this council.")
    was = team.name
    team.name = _team_name(council=council, name=name, team=team)
    team.full_clean()
    team.save()
    audit_record(actor=actor, event=EventType.TEAM_RENAMED, council=council, subject=team, data={"was": was, "now": team.name})
    return team


def check_line_manager(*, council: Organisation, user: User, line_manager: User | None) -> None:
    if line_manager is None:
        return
    if line_manager.organisation_id != council.pk or not line_manager.is_active:
        raise ApplicationError("Choose a line manager who works for this council", field="line_manager")
    boss: User | None = line_manager
    for _ in range(50):  # a chain of managers never loops back to the person (and is never this deep)
        if boss is None:
            return
        if boss.pk == user.pk:
            raise ApplicationError("A person cannot be their own line manager, directly or through others", field="line_manager")
        boss = boss.line_manager
    raise ApplicationError("The chain of line managers is too long", field="line_manager")


@transaction.atomic
def user_update(
    *, actor: User, council: Organisation, user: User, job_title: str, team: Team | None, line_manager: User | None
) -> User:
    """A member of staff's job title, team and line manager (whose incident reports a manager sees and triages)."""
    require(actor, Action.USER_EDIT, council)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.organisation_id != council.pk:
        raise ApplicationError("This person does not work for this council.")
    if team is not None and team.council_id != council.pk:
        raise ApplicationError("Choose a team of this council", field="team")
    check_line_manager(council=council, user=user, line_manager=line_manager)
    changes = {"job_title": job_title.strip(), "team_id": team.pk if team else None,
               "line_manager_id": line_manager.pk if line_manager else None}
    changed = [field for field, value in changes.items() if getattr(user, field) != value]
    for field in changed:
        setattr(user, field, changes[field])
    user.full_clean()
    user.save()
    audit_record(actor=actor, event=EventType.USER_UPDATED, council=council, subject=user,
                 data={"fields": [field.removesuffix("_id") for field in changed]})
    return user


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    council: Organisation | None,
    email: str,
    full_name: str,
    organisation: Organisation,
    password: str | None = None,
    line_manager: User | None = None,
    job_title: str = "",
    team: Team | None = None,
) -> User:
    """A new starter. Their line manager is then prompted to decide on register access."""
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError("A user with this email address already exists.", field="email")
    user = User(email=email.lower(), full_name=full_name, organisation=organisation, line_manager=line_manager, job_title=job_title,
                team=team)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(actor=actor, event=EventType.USER_CREATED, council=council, subject=user)
    return user


def _check_can_hold(*, user: User, role: Role, council: Organisation) -> None:
    if not council.is_council:
        raise ApplicationError("Roles are held for a council.")
    if user.organisation_id == council.pk:
        if role in EXTERNAL_ROLES:
            raise ApplicationError("Partner and contractor roles are for people from those organisations.", field="role")
        return
    if current_agreement(council=council, organisation=user.organisation) is None:
        raise ApplicationError(
            f"{user.organisation} has no current data-sharing agreement with {council}, so its people cannot act for it.",
            field="user",
        )
    if not user.organisation.is_council and role not in EXTERNAL_ROLES:
        raise ApplicationError("People from a partner body or contractor may hold only the partner or contractor role.", field="role")


@transaction.atomic
def role_assignment_request(
    *, actor: User, council: Organisation, user: User, role: Role, business_need: str, team: Team | None = None
) -> RoleAssignment:
    require(actor, Action.ROLE_ASSIGNMENT_REQUEST, council)
    if not business_need.strip():
        raise ApplicationError("Say why this person needs the role.", field="business_need")
    _check_can_hold(user=user, role=role, council=council)
    if RoleAssignment.objects.filter(user=user, role=role, council=council, status__in=["requested", "approved"]).exists():
        raise ApplicationError("This person already holds or has been put forward for this role.", field="role")
    if team is not None and team.council_id != council.pk:
        raise ApplicationError("Choose a team of this council.", field="team")
    assignment = RoleAssignment(
        council=council, user=user, role=role, team=team, business_need=business_need.strip(), requested_by=actor
    )
    assignment.full_clean()
    assignment.save()
    if user.access_decided_at is None:
        user.access_decided_at = timezone.now()
        user.save(update_fields=["access_decided_at"])
    audit_record(actor=actor, event=EventType.ROLE_REQUESTED, council=council, subject=assignment, data={"role": role})
    return assignment


def _expiry() -> date:
    return date.today() + timedelta(days=settings.ROLE_ASSIGNMENT_VALID_DAYS)


@transaction.atomic
def role_assignment_decide(*, actor: User, assignment: RoleAssignment, approve: bool, note: str = "") -> RoleAssignment:
    require(actor, Action.ROLE_ASSIGNMENT_DECIDE, assignment.council)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.status != RoleAssignment.Status.REQUESTED:
        raise ApplicationError("This request has already been decided.")
    if assignment.requested_by_id == actor.pk or assignment.user_id == actor.pk:
        raise ApplicationError("Someone else must decide a request you made or one for yourself.")
    if not approve and not note.strip():
        raise ApplicationError("Give a reason for refusing.", field="note")
    if approve:
        _check_can_hold(user=assignment.user, role=Role(assignment.role), council=assignment.council)
    assignment.status = RoleAssignment.Status.APPROVED if approve else RoleAssignment.Status.REFUSED
    assignment.decided_by = actor
    assignment.decided_at = timezone.now()
    assignment.decision_note = note.strip()
    assignment.expires_on = _expiry() if approve else None
    assignment.full_clean()
    assignment.save()
    event = EventType.ROLE_APPROVED if approve else EventType.ROLE_REFUSED
    audit_record(actor=actor, event=event, council=assignment.council, subject=assignment, data={"role": assignment.role})
    return assignment


@transaction.atomic
def role_assignment_renew(*, actor: User, assignment: RoleAssignment) -> RoleAssignment:
    require(actor, Action.ROLE_ASSIGNMENT_DECIDE, assignment.council)
    if assignment.status != RoleAssignment.Status.APPROVED:
        raise ApplicationError("Only an approved role can be renewed.")
    _check_can_hold(user=assignment.user, role=Role(assignment.role), council=assignment.council)
    assignment.expires_on = _expiry()
    assignment.save(update_fields=["expires_on", "updated_at"])
    audit_record(actor=actor, event=EventType.ROLE_RENEWED, council=assignment.council, subject=assignment)
    return assignment


@transaction.atomic
def role_assignment_revoke(
    *, actor: User | None, assignment: RoleAssignment, reason: str, by_line_manager: bool = False
) -> RoleAssignment:
    """`by_line_manager`: a line manager removing their own member of staff's role at the quarterly access check
    (accounts/services_recertification.py), allowed only while that role waits for them on their check."""
    if actor is not None and by_line_manager:
        from safecontact.accounts.models import RecertificationItem

        require(actor, Action.RECERTIFICATION_CONFIRM, assignment.council)
        if not RecertificationItem.objects.filter(assignment=assignment, task__manager=actor, decision="").exists():
            raise ApplicationError("Only the line manager the access check was sent to can remove this role.")
    elif actor is not None:
        require(actor, Action.ROLE_ASSIGNMENT_REVOKE, assignment.council)
    if assignment.status not in (RoleAssignment.Status.REQUESTED, RoleAssignment.Status.APPROVED):
        raise ApplicationError("This role is not live.")
    if not reason.strip():
        raise ApplicationError("Give a reason for revoking.", field="reason")
    assignment.status = RoleAssignment.Status.REVOKED
    assignment.revoked_at = timezone.now()
    assignment.decision_note = reason.strip()
    assignment.save(update_fields=["status", "revoked_at", "decision_note", "updated_at"])
    audit_record(actor=actor, event=EventType.ROLE_REVOKED, council=assignment.council, subject=assignment)
    return assignment


@transaction.atomic
def user_deactivate(*, actor: User, council: Organisation, user: User) -> User:
    """A leaver: signs-in stop and every role in every council is revoked (domain R44)."""
    require(actor, Action.USER_DEACTIVATE, council)
    if user.pk == actor.pk:
        raise ApplicationError("You cannot deactivate yourself.")
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    for assignment in RoleAssignment.objects.filter(user=user, status__in=["requested", "approved"]):
        assignment.status = RoleAssignment.Status.REVOKED
        assignment.revoked_at = timezone.now()
        assignment.decision_note = "User deactivated"
        assignment.save(update_fields=["status", "revoked_at", "decision_note", "updated_at"])
        audit_record(actor=actor, event=EventType.ROLE_REVOKED, council=assignment.council, subject=assignment)
    audit_record(actor=actor, event=EventType.USER_DEACTIVATED, council=council, subject=user)
    return user


@transaction.atomic
def sign_in_lockout_release(*, actor: User, council: Organisation, lockout: SignInLockout) -> int:
    """Lift a django-axes lockout before its cool-off ends: every failed attempt recorded for the account, from any
    address, is forgotten. Returns how many attempt records were cleared."""
    from axes.utils import reset

    require(actor, Action.SIGN_IN_LOCKOUT_RELEASE, council)
    cleared = reset(username=lockout.user.email.lower())
    audit_record(actor=actor, event=EventType.LOCKOUT_RELEASED, council=council, subject=lockout.user,
                 data={"attempt_records_cleared": cleared, "failed_attempts": lockout.attempts})
    return cleared


@transaction.atomic
def new_starter_decide_no_access(*, actor: User, council: Organisation, user: User) -> User:
    require(actor, Action.NEW_STARTER_DECIDE, council)
    if user.line_manager_id != actor.pk:
        raise ApplicationError("Only the new starter's line manager decides their access.")
    user.access_decided_at = timezone.now()
    user.save(update_fields=["access_decided_at", "updated_at"])
    audit_record(actor=actor, event=EventType.NEW_STARTER_ACCESS_DECIDED, council=council, subject=user, data={"access": "none"})
    return user


@transaction.atomic
def council_settings_update(*, actor: User, council: Organisation, changes: dict[str, Any]) -> CouncilSettings:
    require(actor, Action.COUNCIL_SETTINGS_EDIT, council)
    settings_row = council_settings_for(council=council)
    changed = [field for field, value in changes.items() if getattr(settings_row, field) != value]
    for field in changed:
        setattr(settings_row, field, changes[field])
    settings_row.full_clean()
    settings_row.save()
    audit_record(actor=actor, event=EventType.COUNCIL_SETTINGS_CHANGED, council=council, subject=settings_row, data={"fields": changed})
    return settings_row


@transaction.atomic
def sharing_agreement_record(
    *, actor: User, council: Organisation, organisation: Organisation, purpose: str, what_may_be_shared: str,
    starts_on: date, ends_on: date,
) -> DataSharingAgreement:
    require(actor, Action.SHARING_AGREEMENT_EDIT, council)
    if organisation.pk == council.pk:
        raise ApplicationError("A council does not need an agreement with itself.", field="organisation")
    # The form offers only these; a forged choice (another council, another council's partner) stops here too.
    if not partner_organisations_for(council=council).filter(pk=organisation.pk).exists():
        raise ApplicationError("Choose a partner body or contractor of this council.", field="organisation")
    if ends_on < starts_on:
        raise ApplicationError("The end date must be on or after the start date.", field="ends_on")
    agreement = DataSharingAgreement(
        council=council, organisation=organisation, purpose=purpose, what_may_be_shared=what_may_be_shared,
        starts_on=starts_on, ends_on=ends_on, recorded_by=actor,
    )
    agreement.full_clean()
    agreement.save()
    audit_record(actor=actor, event=EventType.SHARING_AGREEMENT_RECORDED, council=council, subject=agreement)
    return agreement


# The roles an invitation may give. Only the staff member's: it lets a person check before contact and report
# incidents, and the register manager who sends the invitation is the register administrator who approves register
# access (R43). Every other role is requested by a manager and approved by a register manager, as always.
INVITATION_ROLES = frozenset({Role.STAFF})


@transaction.atomic
def role_assignment_grant_invited(
    *, approver: User, council: Organisation, user: User, role: Role, business_need: str, invitation_id: Any
) -> RoleAssignment:
    """The role an invitation gives when it is accepted. The approval is that of the register manager who sent it,
    so it is checked again now: someone who has since lost the right gives nothing."""
    require(approver, Action.ROLE_ASSIGNMENT_DECIDE, council)
    if role not in INVITATION_ROLES:
        raise ApplicationError("An invitation gives only the staff member role; ask for others as usual.", field="role")
    if approver.pk == user.pk:
        raise ApplicationError("Someone else must decide a request you made or one for yourself.")
    _check_can_hold(user=user, role=role, council=council)
    assignment = RoleAssignment(
        council=council, user=user, role=role, business_need=business_need, requested_by=approver,
        status=RoleAssignment.Status.APPROVED, decided_by=approver, decided_at=timezone.now(),
        decision_note="Given with the invitation", expires_on=_expiry(),
    )
    assignment.full_clean()
    assignment.save()
    user.access_decided_at = user.access_decided_at or timezone.now()
    user.save(update_fields=["access_decided_at"])
    audit_record(actor=None, event=EventType.ROLE_APPROVED, council=council, subject=assignment,
                 data={"role": role, "invitation": str(invitation_id), "approved_by": str(approver.pk)})
    return assignment


@transaction.atomic
def role_assignment_bootstrap(*, council: Organisation, user: User, role: Role, reason: str) -> RoleAssignment:
    """Grant a role with no human approver: only for setting up a new deployment (the first
    register manager) and demo data. Recorded as the system acting."""
    _check_can_hold(user=user, role=role, council=council)
    assignment = RoleAssignment(
        council=council, user=user, role=role, business_need=reason, requested_by=user,
        status=RoleAssignment.Status.APPROVED, decided_at=timezone.now(), decision_note="Bootstrap", expires_on=_expiry(),
    )
    assignment.full_clean()
    assignment.save()
    user.access_decided_at = user.access_decided_at or timezone.now()
    user.save(update_fields=["access_decided_at"])
    audit_record(actor=None, event=EventType.ROLE_APPROVED, council=council, subject=assignment, data={"role": role, "bootstrap": True})
    return assignment
