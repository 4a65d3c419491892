"""Reads about users, councils and access. Row-level visibility lives here: what a user may not
see raises Http404, exactly as if it did not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import (
    CouncilSettings,
    DataSharingAgreement,
    Organisation,
    RoleAssignment,
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


def council_settings_for(*, council: Organisation) -> CouncilSettings:
    settings, _ = CouncilSettings.objects.get_or_create(council=council)
    return settings


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
    return Organisation.objects.exclude(pk=council.pk)


def role_holders(*, council: Organisation, role: Role) -> list[User]:
    """Active users who hold `role` for `council` today (for reminders and escalations)."""
    ids = RoleAssignment.objects.filter(
        council=council, role=role, status=RoleAssignment.Status.APPROVED, expires_on__gte=date.today(), user__is_active=True
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=ids).order_by("email"))
