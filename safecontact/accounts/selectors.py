"""Reads about users, councils and access. Row-level visibility lives here: what a user may not
see raises Http404, exactly as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import (
    CouncilSettings,
    DataSharingAgreement,
    Invitation,
    Organisation,
    RoleAssignment,
    Team,
    User,
)


def _live_assignments(*, user: User) -> QuerySet[RoleAssignment]:
    if not user.is_active:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(
        user=user, status=RoleAssignment.Status.APPROVED, expires_on__gte=date.today()
    )


def active_roles_for(*, user: User, council: Organisation) -> frozenset[Role]:
    roles = _live_assignments(user=user).filter(council=council).values_list("role", flat=True)
    return frozenset(Role(r) for r in roles)


def all_active_roles_for(*, user: User) -> frozenset[Role]:
    return frozenset(Role(r) for r in _live_assignments(user=user).values_list("role", flat=True))


def councils_for(*, user: User) -> list[Organisation]:
    ids = _live_assignments(user=user).values_list("council_id", flat=True)
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


@dataclass(frozen=True)
class LiveAccess:
    """A user's live role assignments, read once: the councils they act for (by name), their roles in each."""

    councils: list[Organisation]
    roles_by_council: dict[Any, frozenset[Role]]

    @property
    def all_roles(self) -> frozenset[Role]:
        return frozenset().union(*self.roles_by_council.values())


# Marks a council instance loaded by live_access_for with its settings, fresh for this request. Other instances
# may hold a copy Django cached when the row was made (CouncilSettings(council=...)), however old by now.
_SETTINGS_JOINED = "_settings_joined"


def settings_joined(council: Organisation) -> Organisation:
    """Mark a council instance that was read this request with `select_related("settings")` (a missing settings row
    reads as none), so that council_settings_for uses the joined row instead of reading it again."""
    council.__dict__[_SETTINGS_JOINED] = True
    return council


def live_access_for(*, user: User) -> LiveAccess:
    """`councils_for`, `active_roles_for` of each council and `all_active_roles_for` in one query (every request
    needs all three: the council middleware, MFA enforcement and the first access check), with each council's
    settings (its register name is in every page title)."""
    councils: dict[Any, Organisation] = {}
    roles: dict[Any, set[Role]] = {}
    for assignment in _live_assignments(user=user).select_related("council__settings"):
        settings_joined(assignment.council)
        councils.setdefault(assignment.council_id, assignment.council)
        roles.setdefault(assignment.council_id, set()).add(Role(assignment.role))
    return LiveAccess(councils=sorted(councils.values(), key=lambda c: c.name),
                      roles_by_council={pk: frozenset(r) for pk, r in roles.items()})


def council_settings_for(*, council: Organisation) -> CouncilSettings:
    """The council's settings row, made with its defaults if missing. A request's own council comes with it
    (`live_access_for` joins it), so pages, presenters and templates (`current_council.settings`) read nothing;
    any other instance is read afresh (see _SETTINGS_JOINED)."""
    if council.__dict__.get(_SETTINGS_JOINED):
        try:
            return council.settings  # type: ignore[no-any-return]
        except CouncilSettings.DoesNotExist:
            pass
    settings, _ = CouncilSettings.objects.get_or_create(council=council)
    return settings


@dataclass(frozen=True)
class CustomerRelations:
    """Who a checker calls about a possible match or an entry's precautions: the council's own contact, phone and
    hours, for staff, contractors and partners alike (an officer's name alone means nothing outside the council)."""

    name: str
    phone: str
    hours: str

    @property
    def line(self) -> str:
        """One line for the API and the precautions: "Rachel Green, on 01632 960 123 (Monday to Friday, 9am to 5pm)"."""
        text = self.name or "Customer Relations"
        if self.phone:
            text += f", on {self.phone}"
        return text + (f" ({self.hours})" if self.hours else "")


def customer_relations_for(*, council: Organisation) -> CustomerRelations:
    row = council_settings_for(council=council)
    return CustomerRelations(name=row.customer_relations_contact, phone=row.customer_relations_phone,
                             hours=row.customer_relations_hours)


def current_agreement(*, council: Organisation, organisation: Organisation, on: date | None = None) -> DataSharingAgreement | None:
    on = on or date.today()
    return (
        DataSharingAgreement.objects.filter(council=council, organisation=organisation, starts_on__lte=on, ends_on__gte=on)
        .order_by("-ends_on")
        .first()
    )


def role_assignment_list_for(*, actor: User, council: Organisation, status: str = "") -> QuerySet[RoleAssignment]:
    """Register managers, administrators and the DPO see the council's assignments; a manager
    sees those of their own reports and those they requested."""
    if not can(actor, Action.ROLE_ASSIGNMENT_LIST, council):
        return RoleAssignment.objects.none()
    qs = RoleAssignment.objects.filter(council=council).select_related("user", "team", "requested_by", "decided_by")
    roles = active_roles_for(user=actor, council=council)
    if not roles & {Role.REGISTER_MANAGER, Role.SYSADMIN, Role.DPO}:
        qs = qs.filter(Q(user__line_manager=actor) | Q(requested_by=actor))
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-created_at")


def role_assignment_get_for(*, actor: User, council: Organisation, id: Any) -> RoleAssignment:
    try:
        return role_assignment_list_for(actor=actor, council=council).get(pk=id)
    except (RoleAssignment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def requestable_users_for(*, actor: User, council: Organisation) -> QuerySet[User]:
    """Whom an actor may request a role for: a manager their own reports; a register manager anyone
    in the council or in an organisation with a current sharing agreement."""
    today = date.today()
    partner_ids = DataSharingAgreement.objects.filter(council=council, starts_on__lte=today, ends_on__gte=today).values(
        "organisation_id"
    )
    qs = User.objects.filter(is_active=True).filter(Q(organisation=council) | Q(organisation_id__in=partner_ids))
    if Role.REGISTER_MANAGER not in active_roles_for(user=actor, council=council):
        qs = qs.filter(line_manager=actor)
    return qs.select_related("organisation").order_by("full_name")


def new_starters_for(*, actor: User, council: Organisation) -> QuerySet[User]:
    """Reports of this manager who still await a decision on register access."""
    return User.objects.filter(line_manager=actor, is_active=True, access_decided_at__isnull=True, organisation=council)


def sharing_agreement_list_for(*, actor: User, council: Organisation) -> QuerySet[DataSharingAgreement]:
    if not can(actor, Action.SHARING_AGREEMENT_LIST, council):
        return DataSharingAgreement.objects.none()
    return DataSharingAgreement.objects.filter(council=council).select_related("organisation")


def user_get_for(*, actor: User, council: Organisation, id: Any) -> User:
    """A user the actor may manage in this council: its own staff or those acting for it."""
    try:
        return (
            User.objects.filter(Q(organisation=council) | Q(role_assignments__council=council))
            .distinct()
            .get(pk=id)
        )
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def partner_organisations_for(*, council: Organisation) -> QuerySet[Organisation]:
    """Organisations the council's DPO may record a data-sharing agreement with: partner bodies and contractors
    only (never another council), and of those the council's own (an agreement with it, current or past) or new
    ones that have none with any council yet. A partner known only to another council is left out: which bodies
    another council shares its register with is that council's business. Organisation has no link to a council
    other than agreements, so a body two councils both work with must be recorded by the second council as a
    separate organisation (or given the first agreement by an administrator)."""
    with_agreements = DataSharingAgreement.objects.values("organisation_id")
    ours = DataSharingAgreement.objects.filter(council=council).values("organisation_id")
    return (
        Organisation.objects.filter(kind__in=[Organisation.Kind.PARTNER, Organisation.Kind.CONTRACTOR])
        .filter(Q(pk__in=ours) | ~Q(pk__in=with_agreements))
        .order_by("name")
    )


def role_holders(*, council: Organisation, role: Role) -> list[User]:
    """Active users who hold `role` for `council` today (for reminders and escalations)."""
    ids = RoleAssignment.objects.filter(
        council=council, role=role, status=RoleAssignment.Status.APPROVED, expires_on__gte=date.today(), user__is_active=True
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids).order_by("email"))


@dataclass(frozen=True)
class SignInLockout:
    id: int  # the latest django-axes AccessAttempt for the account: an opaque handle for the unlock page
    user: User
    locked_at: datetime
    attempts: int


def sign_in_lockouts_for(*, council: Organisation) -> list[SignInLockout]:
    """Accounts of the council's users that django-axes has locked now: AXES_FAILURE_LIMIT failed sign-ins within
    AXES_COOLOFF_TIME. Lockouts of addresses that are no account of this council's (another council's, or typed by
    someone guessing) are not shown. One row per account, whichever device or address the attempts came from."""
    from axes.helpers import get_cool_off
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.db.models.functions import Lower
    from django.utils import timezone

    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")
    cool_off = get_cool_off()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    latest: dict[str, Any] = {}
    for attempt in attempts:
        latest.setdefault((attempt.username or "").lower(), attempt)
    users = (User.objects.filter(Q(organisation=council) | Q(role_assignments__council=council)).distinct()
             .annotate(login=Lower("email")).filter(login__in=list(latest)))
    lockouts = [SignInLockout(id=latest[u.login].pk, user=u, locked_at=latest[u.login].attempt_time,  # type: ignore[attr-defined]
                              attempts=latest[u.login].failures_since_start) for u in users]  # type: ignore[attr-defined]
    return sorted(lockouts, key=lambda lockout: lockout.locked_at, reverse=True)


def sign_in_lockout_get_for(*, council: Organisation, id: Any) -> SignInLockout:
    try:
        return next(lockout for lockout in sign_in_lockouts_for(council=council) if str(lockout.id) == str(id))
    except StopIteration as exc:
        raise Http404 from exc


# --- Setting up a council: councils, staff, teams, invitations ---
def council_list() -> QuerySet[Organisation]:
    """Every council on this installation, for the system administrator's councils page."""
    from django.db.models import Count

    return (Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
            .annotate(active_users=Count("users", filter=Q(users__is_active=True))).order_by("name"))


def staff_list_for(*, council: Organisation) -> QuerySet[User]:
    """The council's own people (partner bodies' and contractors' people are their organisations'), leavers last."""
    return (User.objects.filter(organisation=council).select_related("team", "line_manager")
            .order_by("-is_active", "full_name", "email"))


def staff_member_get_for(*, council: Organisation, id: Any) -> User:
    try:
        return staff_list_for(council=council).get(pk=id)
    except (User.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def line_manager_choices_for(*, council: Organisation) -> QuerySet[User]:
    return User.objects.filter(organisation=council, is_active=True).order_by("full_name", "email")


def teams_for(*, council: Organisation) -> QuerySet[Team]:
    from django.db.models import Count

    return Team.objects.filter(council=council).annotate(member_count=Count("members", filter=Q(members__is_active=True))).order_by("name")


def team_get_for(*, council: Organisation, id: Any) -> Team:
    try:
        return Team.objects.get(council=council, pk=id)
    except (Team.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def invitation_list_for(*, council: Organisation) -> QuerySet[Invitation]:
    """Invitations not yet accepted or cancelled (expired ones included: they can be sent again)."""
    return (Invitation.objects.filter(council=council, status=Invitation.Status.PENDING)
            .select_related("user", "invited_by").order_by("expires_at"))


def invitations_expired_for(*, council: Organisation) -> QuerySet[Invitation]:
    from django.utils import timezone

    return invitation_list_for(council=council).filter(expires_at__lte=timezone.now())


def invitation_get_for(*, council: Organisation, id: Any) -> Invitation:
    try:
        return Invitation.objects.select_related("user", "council").get(council=council, pk=id)
    except (Invitation.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a link's token opens, whatever its state (the caller says why it no longer works)."""
    from safecontact.accounts.invitations import token_hash

    if not token or len(token) > 100:
        return None
    return Invitation.objects.select_related("user", "council").filter(token_hash=token_hash(token)).first()
