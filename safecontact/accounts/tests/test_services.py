from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from safecontact.access.checks import roles_of
from safecontact.access.policy import Role
from safecontact.accounts import services
from safecontact.accounts.models import CouncilSettings, Organisation, RoleAssignment
from safecontact.accounts.selectors import role_assignment_get_for
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.core.tests.factories import OrganisationFactory, UserFactory


def _events(event_type):
    return AuditEvent.objects.filter(event_type=event_type)


def test_manager_requests_and_register_manager_approves_with_12_month_expiry(council, user_with_role):
    manager = user_with_role(Role.MANAGER)
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    starter = UserFactory(organisation=council, line_manager=manager)
    assignment = services.role_assignment_request(
        actor=manager, council=council, user=starter, role=Role.STAFF, business_need="Visits tenants alone"
    )
    assert assignment.status == "requested" and roles_of(starter, council) == frozenset()
    assert _events(EventType.ROLE_REQUESTED).filter(subject_id=str(assignment.pk)).exists()
    services.role_assignment_decide(actor=register_manager, assignment=assignment, approve=True)
    assignment.refresh_from_db()
    assert assignment.expires_on == date.today() + timedelta(days=365)
    starter = type(starter).objects.get(pk=starter.pk)
    assert roles_of(starter, council) == {Role.STAFF}
    assert _events(EventType.ROLE_APPROVED).filter(subject_id=str(assignment.pk), actor_id=register_manager.pk).exists()


def test_a_request_needs_a_business_need(council, user_with_role):
    manager = user_with_role(Role.MANAGER)
    with pytest.raises(ApplicationError) as error:
        services.role_assignment_request(actor=manager, council=council, user=UserFactory(organisation=council),
                                         role=Role.STAFF, business_need="  ")
    assert error.value.field == "business_need"


def test_staff_cannot_request_roles(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    with pytest.raises(PermissionDenied):
        services.role_assignment_request(actor=staff, council=council, user=staff, role=Role.MANAGER, business_need="x")


def test_register_manager_cannot_approve_their_own_request(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    assignment = services.role_assignment_request(actor=register_manager, council=council, user=UserFactory(organisation=council),
                                                  role=Role.STAFF, business_need="Needs checks")
    with pytest.raises(ApplicationError):
        services.role_assignment_decide(actor=register_manager, assignment=assignment, approve=True)


def test_expired_role_grants_nothing(council, user_with_role):
    user = user_with_role(Role.REGISTER_OFFICER)
    RoleAssignment.objects.filter(user=user).update(expires_on=date.today() - timedelta(days=1))
    user = type(user).objects.get(pk=user.pk)
    assert roles_of(user, council) == frozenset()


def test_deactivating_a_leaver_revokes_every_role_everywhere(council, other_council, user_with_role):
    admin = user_with_role(Role.SYSADMIN)
    leaver = user_with_role(Role.REGISTER_OFFICER)
    services.role_assignment_bootstrap(council=council, user=leaver, role=Role.STAFF, reason="x")
    services.user_deactivate(actor=admin, council=council, user=leaver)
    assert not RoleAssignment.objects.filter(user=leaver, status="approved").exists()
    assert roles_of(type(leaver).objects.get(pk=leaver.pk), council) == frozenset()
    assert _events(EventType.USER_DEACTIVATED).filter(subject_id=str(leaver.pk)).exists()


def test_partner_users_need_a_current_sharing_agreement(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    housing_company = OrganisationFactory(name="Homes Ltd", slug="homes", kind=Organisation.Kind.PARTNER)
    partner_user = UserFactory(organisation=housing_company)
    with pytest.raises(ApplicationError, match="no current data-sharing agreement"):
        services.role_assignment_request(actor=register_manager, council=council, user=partner_user, role=Role.PARTNER,
                                         business_need="Tenancy visits")
    dpo = user_with_role(Role.DPO)
    services.sharing_agreement_record(actor=dpo, council=council, organisation=housing_company, purpose="Visits",
                                      what_may_be_shared="Precautions", starts_on=date.today(),
                                      ends_on=date.today() + timedelta(days=30))
    services.role_assignment_request(actor=register_manager, council=council, user=partner_user, role=Role.PARTNER,
                                     business_need="Tenancy visits")
    with pytest.raises(ApplicationError, match="only the partner or contractor role"):
        services.role_assignment_request(actor=register_manager, council=council, user=partner_user,
                                         role=Role.REGISTER_OFFICER, business_need="x")


def test_nobody_sees_another_councils_records(council, other_council, user_with_role):
    mine = user_with_role(Role.REGISTER_MANAGER)
    theirs = user_with_role(Role.REGISTER_MANAGER, for_council=other_council)
    their_assignment = RoleAssignment.objects.get(user=theirs)
    from django.http import Http404

    with pytest.raises(Http404):
        role_assignment_get_for(actor=mine, council=council, id=their_assignment.pk)
    # And acting "for" the other council without a role there gives nothing either.
    with pytest.raises(Http404):
        role_assignment_get_for(actor=mine, council=other_council, id=their_assignment.pk)


def test_review_interval_limit_is_enforced_in_code_and_database(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    with pytest.raises(ValidationError):
        services.council_settings_update(actor=register_manager, council=council, changes={"review_interval_months": 13})
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilSettings.objects.filter(council=council).update(review_interval_months=13)
    updated = services.council_settings_update(actor=register_manager, council=council,
                                               changes={"register_name": "Staff Alert Register"})
    assert updated.register_name == "Staff Alert Register"
    assert _events(EventType.COUNCIL_SETTINGS_CHANGED).get().data == {"fields": ["register_name"]}


def test_manager_decides_no_access_for_a_new_starter(council, user_with_role):
    manager = user_with_role(Role.MANAGER)
    starter = UserFactory(organisation=council, line_manager=manager)
    services.new_starter_decide_no_access(actor=manager, council=council, user=starter)
    starter.refresh_from_db()
    assert starter.access_decided_at is not None
    other_manager = user_with_role(Role.MANAGER)
    with pytest.raises(ApplicationError):
        services.new_starter_decide_no_access(actor=other_manager, council=council, user=UserFactory(organisation=council, line_manager=manager))


def test_refusing_a_role_without_a_reason_names_the_note_on_the_same_page(council, user_with_role, client_for):
    from django.urls import reverse

    manager = user_with_role(Role.MANAGER)
    starter = UserFactory(organisation=council, line_manager=manager)
    assignment = services.role_assignment_request(actor=manager, council=council, user=starter, role=Role.STAFF,
                                                  business_need="Visits tenants alone")
    response = client_for(user_with_role(Role.REGISTER_MANAGER)).post(
        reverse("accounts:role_assignment_decide", kwargs={"id": assignment.pk}), {"decision": "refuse", "note": "  "})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body
    assert '<a href="#id_note">Give a reason for refusing.</a>' in body
    assert RoleAssignment.objects.get(pk=assignment.pk).status == "requested"
