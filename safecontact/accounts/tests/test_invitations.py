"""Setting up a council and inviting people: single-use, expiring, hashed links; the role an invitation gives; audit."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from safecontact.access.checks import roles_of
from safecontact.access.policy import Role
from safecontact.accounts import invitations, services
from safecontact.accounts.models import CouncilSettings, Invitation, Organisation, RoleAssignment, User
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.core.tests.factories import OrganisationFactory, TeamFactory, UserFactory
from safecontact.notifications.models import StaffEmail

PASSWORD = "a long enough passphrase 42"


def _events(event: EventType, subject=None):
    events = AuditEvent.objects.filter(event_type=event)
    return events.filter(subject_id=str(subject.pk)) if subject is not None else events


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no cached roles


def _new_council(**overrides) -> invitations.SentInvitation:
    fields = {"actor": None, "acting_for": None, "name": "North Demo Council", "slug": "north-demo",
              "admin_email": "Rachel.Green@North-Demo.gov.uk", "admin_name": ""}
    return invitations.council_create(**{**fields, **overrides})


# --- Setting up a council ---
def test_create_council_makes_the_council_its_settings_and_a_hashed_invitation_for_its_register_manager(db):
    sent = _new_council()
    council = Organisation.objects.get(slug="north-demo")
    assert council.is_council and CouncilSettings.objects.filter(council=council).exists()
    invitation = sent.invitation
    assert invitation.council == council and invitation.role == Role.REGISTER_MANAGER and invitation.bootstrap
    assert invitation.user.email == "rachel.green@north-demo.gov.uk" and invitation.user.full_name == "Rachel Green"
    assert not invitation.user.has_usable_password() and roles_of(invitation.user, council) == frozenset()
    # Only the hash is kept; the token appears in no column of the invitation.
    assert invitation.token_hash == hashlib.sha256(sent.token.encode()).hexdigest()
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert not any(sent.token in str(value) for value in stored.values())
    assert timedelta(days=6, hours=23) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    email = StaffEmail.objects.get(key=f"invitation:{invitation.pk}:1")
    assert email.recipients == ["rachel.green@north-demo.gov.uk"] and sent.link in email.body
    assert _events(EventType.ORGANISATION_CREATED, council).exists()
    assert _events(EventType.INVITATION_SENT, invitation).get().actor_type == AuditEvent.ActorType.SYSTEM


def test_create_council_command_prints_and_emails_the_link(db, django_capture_on_commit_callbacks):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("create_council", "North Demo Council", "--slug", "north-demo", "--admin-email", "rm@north.gov.uk",
                     "--show-link", stdout=out)
    assert "Council set up: North Demo Council (north-demo)" in out.getvalue()
    link = next(line for line in out.getvalue().splitlines() if line.startswith("Invitation link: ")).removeprefix("Invitation link: ")
    assert [message.to for message in mail.outbox] == [["rm@north.gov.uk"]] and link in mail.outbox[0].body


def test_create_council_refuses_a_short_name_or_email_already_used(db):
    _new_council()
    with pytest.raises(ApplicationError) as error:
        _new_council(name="Another Council")
    assert error.value.field == "slug"
    with pytest.raises(ApplicationError) as error:
        _new_council(name="Another Council", slug="another")
    assert error.value.field == "admin_email"
    assert not Organisation.objects.filter(slug="another").exists()  # all or nothing
    with pytest.raises(CommandError):
        call_command("create_council", "Third Council", "--admin-email", "not an email", stdout=StringIO())


def test_only_a_system_administrator_sets_up_a_council_from_the_pages(council, user_with_role):
    with pytest.raises(PermissionDenied):
        _new_council(actor=user_with_role(Role.REGISTER_MANAGER), acting_for=council)
    sysadmin = user_with_role(Role.SYSADMIN)
    sent = _new_council(actor=sysadmin, acting_for=council)
    assert sent.invitation.invited_by == sysadmin
    assert _events(EventType.ORGANISATION_CREATED, sent.invitation.council).get().actor_id == sysadmin.pk


# --- Accepting: single use, expiry, the role ---
def test_accepting_sets_the_password_gives_the_first_register_manager_role_and_works_once(db):
    sent = _new_council()
    user = invitations.invitation_accept(token=sent.token, full_name="Rachel Green", password=PASSWORD)
    council = sent.invitation.council
    assert user.check_password(PASSWORD) and _fresh(user).full_name == "Rachel Green"
    assert roles_of(_fresh(user), council) == {Role.REGISTER_MANAGER}
    sent.invitation.refresh_from_db()
    assert sent.invitation.status == Invitation.Status.ACCEPTED and sent.invitation.accepted_at is not None
    accepted = _events(EventType.INVITATION_ACCEPTED, sent.invitation).get()
    assert accepted.actor_id == user.pk and accepted.data == {"role": "register_manager", "role_given": True}
    assert _events(EventType.ROLE_APPROVED).filter(data__bootstrap=True).exists()
    with pytest.raises(ApplicationError, match="used already"):
        invitations.invitation_accept(token=sent.token, full_name="Someone Else", password="another passphrase 99")
    assert _fresh(user).check_password(PASSWORD)


def test_an_expired_invitation_is_refused_and_sending_it_again_gives_a_new_link(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel")
    Invitation.objects.filter(pk=sent.invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ApplicationError, match="expired"):
        invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password=PASSWORD)
    again = invitations.invitation_resend(actor=register_manager, council=council, invitation=sent.invitation)
    assert again.token != sent.token and again.invitation.times_sent == 2 and not again.invitation.is_expired()
    assert StaffEmail.objects.filter(key=f"invitation:{sent.invitation.pk}:2").exists()
    assert _events(EventType.INVITATION_RESENT, sent.invitation).get().actor_id == register_manager.pk
    with pytest.raises(ApplicationError, match="does not work"):  # the old link stopped working
        invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password=PASSWORD)
    assert invitations.invitation_accept(token=again.token, full_name="Sam Patel", password=PASSWORD).has_usable_password()


def test_a_weak_password_is_refused_and_the_invitation_still_works(council, user_with_role):
    sent = invitations.invitation_create(actor=user_with_role(Role.REGISTER_MANAGER), council=council, email="sam@testshire.gov.uk",
                                         full_name="Sam Patel")
    with pytest.raises(ApplicationError) as error:
        invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password="short")
    assert error.value.field == "password1"
    sent.invitation.refresh_from_db()
    assert sent.invitation.status == Invitation.Status.PENDING


def test_a_register_managers_invitation_gives_the_staff_role_as_their_approval(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    team, manager = TeamFactory(council=council), user_with_role(Role.MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel",
                                         job_title="Housing Officer", team=team, line_manager=manager, role=Role.STAFF,
                                         business_need="Visits tenants at home")
    assert sent.invitation.user.team == team and sent.invitation.user.line_manager == manager
    user = invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password=PASSWORD)
    assignment = RoleAssignment.objects.get(user=user, council=council)
    assert (assignment.role, assignment.status, assignment.decided_by) == (Role.STAFF, "approved", register_manager)
    assert _fresh(user).access_decided_at is not None
    approved = _events(EventType.ROLE_APPROVED, assignment).get()
    assert approved.data["approved_by"] == str(register_manager.pk) and approved.data["invitation"] == str(sent.invitation.pk)


def test_an_invitation_gives_no_role_if_its_sender_can_no_longer_approve(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel",
                                         role=Role.STAFF, business_need="Visits tenants")
    services.role_assignment_revoke(actor=None, assignment=RoleAssignment.objects.get(user=register_manager), reason="Left the team")
    user = invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password=PASSWORD)
    assert roles_of(_fresh(user), council) == frozenset()
    assert _events(EventType.INVITATION_ACCEPTED, sent.invitation).get().data["role_given"] is False


@pytest.mark.parametrize("role", [Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.SYSADMIN])
def test_an_invitation_gives_no_other_role(council, user_with_role, role):
    with pytest.raises(ApplicationError) as error:
        invitations.invitation_create(actor=user_with_role(Role.REGISTER_MANAGER), council=council, email="x@testshire.gov.uk",
                                      full_name="X", role=role, business_need="Because")
    assert error.value.field == "role" and not User.objects.filter(email="x@testshire.gov.uk").exists()


def test_a_system_administrator_invites_without_a_role(council, user_with_role):
    sysadmin = user_with_role(Role.SYSADMIN)
    with pytest.raises(ApplicationError, match="Only a register manager"):
        invitations.invitation_create(actor=sysadmin, council=council, email="x@testshire.gov.uk", full_name="X",
                                      role=Role.STAFF, business_need="Because")
    sent = invitations.invitation_create(actor=sysadmin, council=council, email="x@testshire.gov.uk", full_name="X")
    user = invitations.invitation_accept(token=sent.token, full_name="X Person", password=PASSWORD)
    assert roles_of(_fresh(user), council) == frozenset() and _fresh(user).access_decided_at is None  # a new starter


def test_front_line_roles_cannot_invite(council, user_with_role):
    for role in (Role.STAFF, Role.MANAGER, Role.DPO):
        with pytest.raises(PermissionDenied):
            invitations.invitation_create(actor=user_with_role(role), council=council, email="x@testshire.gov.uk", full_name="X")


def test_another_councils_invitation_team_or_line_manager_is_refused(council, other_council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    theirs = user_with_role(Role.REGISTER_MANAGER, for_council=other_council, organisation=other_council)
    elsewhere = invitations.invitation_create(actor=theirs, council=other_council, email="y@elsewhere.gov.uk", full_name="Y")
    for write in (invitations.invitation_resend, invitations.invitation_cancel):
        with pytest.raises(ApplicationError, match="another council"):
            write(actor=register_manager, council=council, invitation=elsewhere.invitation)
        with pytest.raises(PermissionDenied):  # acting for the other council needs a role there
            write(actor=register_manager, council=other_council, invitation=elsewhere.invitation)
    with pytest.raises(ApplicationError) as error:
        invitations.invitation_create(actor=register_manager, council=council, email="x@testshire.gov.uk", full_name="X",
                                      team=TeamFactory(council=other_council))
    assert error.value.field == "team"
    with pytest.raises(ApplicationError) as error:
        invitations.invitation_create(actor=register_manager, council=council, email="x@testshire.gov.uk", full_name="X",
                                      line_manager=theirs)
    assert error.value.field == "line_manager"


def test_cancelling_stops_the_link_deactivates_the_unused_account_and_allows_a_new_invitation(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patl")
    invitations.invitation_cancel(actor=register_manager, council=council, invitation=sent.invitation)
    assert not _fresh(sent.invitation.user).is_active
    assert _events(EventType.INVITATION_CANCELLED, sent.invitation).get().actor_id == register_manager.pk
    assert _events(EventType.USER_DEACTIVATED, sent.invitation.user).exists()
    with pytest.raises(ApplicationError, match="cancelled"):
        invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password=PASSWORD)
    with pytest.raises(ApplicationError, match="cancelled already"):
        invitations.invitation_cancel(actor=register_manager, council=council, invitation=sent.invitation)
    again = invitations.invitation_create(actor=register_manager, council=council, email="SAM@testshire.gov.uk", full_name="Sam Patel")
    assert again.invitation.user == sent.invitation.user and _fresh(again.invitation.user).is_active
    assert _fresh(again.invitation.user).full_name == "Sam Patel"


def test_someone_with_an_account_or_an_invitation_waiting_is_not_invited_again(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    with pytest.raises(ApplicationError, match="already has an account"):
        invitations.invitation_create(actor=register_manager, council=council, email=register_manager.email.upper(), full_name="X")
    invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel")
    with pytest.raises(ApplicationError, match="invited already"):
        invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel")


def test_a_deactivated_invitees_link_no_longer_works(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel")
    services.user_deactivate(actor=register_manager, council=council, user=sent.invitation.user)
    with pytest.raises(ApplicationError, match="cancelled"):
        invitations.invitation_accept(token=sent.token, full_name="Sam Patel", password=PASSWORD)


def test_opening_a_used_link_is_audited(db):
    sent = _new_council()
    invitations.invitation_accept(token=sent.token, full_name="Rachel Green", password=PASSWORD)
    invitations.invitation_link_refused(invitation=Invitation.objects.get(pk=sent.invitation.pk))
    assert _events(EventType.INVITATION_LINK_REFUSED, sent.invitation).get().data == {"reason": "accepted"}


# --- The first system administrator ---
def test_create_sysadmin_invites_a_system_administrator_of_the_council(db):
    council = _new_council().invitation.council
    out = StringIO()
    call_command("create_sysadmin", "alex@north-demo.gov.uk", "--council", "north-demo", "--name", "Alex Kowalski", stdout=out)
    invitation = Invitation.objects.get(user__email="alex@north-demo.gov.uk")
    assert (invitation.council, invitation.role, invitation.bootstrap) == (council, Role.SYSADMIN, True)
    with pytest.raises(CommandError, match="No council"):
        call_command("create_sysadmin", "x@example.gov.uk", "--council", "nowhere", stdout=StringIO())


def test_createsuperuser_makes_a_system_administrator_of_the_only_council_or_says_what_to_do(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_FULL_NAME", "Alex Kowalski")
    with pytest.raises(CommandError, match="create_council"):
        call_command("createsuperuser", "--noinput", "--email", "alex@example.gov.uk", stdout=StringIO(), stderr=StringIO())
    council = OrganisationFactory(slug="only")
    call_command("createsuperuser", "--noinput", "--email", "alex@example.gov.uk", stdout=StringIO(), stderr=StringIO())
    user = User.objects.get(email="alex@example.gov.uk")
    assert user.check_password(PASSWORD) and roles_of(user, council) == {Role.SYSADMIN} and not user.is_superuser
    OrganisationFactory(slug="second")
    with pytest.raises(CommandError, match="create_sysadmin"):
        call_command("createsuperuser", "--noinput", "--email", "b@example.gov.uk", stdout=StringIO(), stderr=StringIO())


# --- Teams and line managers ---
def test_teams_are_added_and_renamed_once_per_name_and_audited(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    team = services.team_create(actor=register_manager, council=council, name="  Housing  ")
    assert team.name == "Housing" and _events(EventType.TEAM_CREATED, team).get().actor_id == register_manager.pk
    with pytest.raises(ApplicationError, match="already has a team"):
        services.team_create(actor=register_manager, council=council, name="housing")
    services.team_rename(actor=register_manager, council=council, team=team, name="Housing Services")
    assert _events(EventType.TEAM_RENAMED, team).get().data == {"was": "Housing", "now": "Housing Services"}
    with pytest.raises(PermissionDenied):
        services.team_create(actor=user_with_role(Role.MANAGER), council=council, name="Waste")


def test_a_line_manager_chain_never_loops_and_changes_are_audited(council, user_with_role):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    boss = UserFactory(organisation=council)
    worker = UserFactory(organisation=council, line_manager=boss)
    team = TeamFactory(council=council)
    services.user_update(actor=register_manager, council=council, user=worker, job_title="Officer", team=team, line_manager=boss)
    assert _events(EventType.USER_UPDATED, worker).get().data == {"fields": ["job_title", "team"]}
    with pytest.raises(ApplicationError) as error:
        services.user_update(actor=register_manager, council=council, user=boss, job_title="", team=None, line_manager=worker)
    assert error.value.field == "line_manager"
    with pytest.raises(ApplicationError):
        services.user_update(actor=register_manager, council=council, user=worker, job_title="", team=None, line_manager=worker)
