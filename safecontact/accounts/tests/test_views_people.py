"""The pages for councils, staff, teams and invitations: who may use them, and that they call the services."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts import invitations
from safecontact.accounts.models import Invitation, Organisation, Team, User
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.factories import TeamFactory, UserFactory

PASSWORD = "a long enough passphrase 42"


@pytest.mark.parametrize(("role", "status"), [(Role.REGISTER_MANAGER, 200), (Role.SYSADMIN, 200), (Role.MANAGER, 403),
                                              (Role.STAFF, 403), (Role.DPO, 403)])
def test_the_staff_pages_are_for_the_register_manager_and_the_system_administrator(role, status, user_with_role, client_for):
    client = client_for(user_with_role(role))
    for name in ("user_list", "user_invite", "team_list", "staff_import_upload"):
        assert client.get(reverse(f"accounts:{name}")).status_code == status, name
    assert client.get(reverse("accounts:council_list")).status_code == (200 if role == Role.SYSADMIN else 403)


def test_the_staff_list_shows_invitations_and_is_audited_with_a_fixed_number_of_queries(council, user_with_role, client_for,
                                                                                         django_assert_max_num_queries):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    for n in range(5):
        invitations.invitation_create(actor=register_manager, council=council, email=f"p{n}@testshire.gov.uk", full_name=f"Person {n}",
                                      team=TeamFactory(council=council), line_manager=register_manager)
    client = client_for(register_manager)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200 and b"p4@testshire.gov.uk" in response.content and b"Send again" in response.content
    assert AuditEvent.objects.filter(event_type=EventType.LISTED, actor_id=register_manager.pk, data__list="staff").exists()


def test_a_register_manager_invites_with_the_staff_role_from_the_page(council, user_with_role, client_for):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    client = client_for(register_manager)
    page = client.get(reverse("accounts:user_invite"))
    assert b"Give them the staff member role" in page.content
    response = client.post(reverse("accounts:user_invite"), {"full_name": "Sam Patel", "email": "sam@testshire.gov.uk",
                                                             "give_staff_role": "on", "business_need": ""})
    assert response.status_code == 200 and b"Say why this person needs the role" in response.content
    response = client.post(reverse("accounts:user_invite"), {"full_name": "Sam Patel", "email": "sam@testshire.gov.uk",
                                                             "give_staff_role": "on", "business_need": "Visits tenants"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:user_list")
    assert Invitation.objects.get(user__email="sam@testshire.gov.uk").role == Role.STAFF


def test_a_system_administrator_is_not_offered_a_role_to_give(user_with_role, client_for):
    page = client_for(user_with_role(Role.SYSADMIN)).get(reverse("accounts:user_invite"))
    assert page.status_code == 200 and b"staff member role" not in page.content


def test_resend_and_cancel_from_the_staff_page(council, other_council, user_with_role, client_for):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel")
    client = client_for(register_manager)
    assert client.post(reverse("accounts:invitation_resend", args=[sent.invitation.pk])).status_code == 302
    assert Invitation.objects.get(pk=sent.invitation.pk).times_sent == 2
    assert client.get(reverse("accounts:invitation_cancel", args=[sent.invitation.pk])).status_code == 200
    assert client.post(reverse("accounts:invitation_cancel", args=[sent.invitation.pk])).status_code == 302
    assert Invitation.objects.get(pk=sent.invitation.pk).status == Invitation.Status.CANCELLED
    theirs = invitations.invitation_create(actor=user_with_role(Role.REGISTER_MANAGER, for_council=other_council, organisation=other_council),
                                           council=other_council, email="y@elsewhere.gov.uk", full_name="Y")
    assert client.post(reverse("accounts:invitation_resend", args=[theirs.invitation.pk])).status_code == 404
    assert client.get(reverse("accounts:invitation_cancel", args=[theirs.invitation.pk])).status_code == 404


def test_team_and_line_manager_are_changed_on_the_page(council, other_council, user_with_role, client_for):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    person, boss, team = UserFactory(organisation=council), UserFactory(organisation=council), TeamFactory(council=council)
    client = client_for(register_manager)
    response = client.post(reverse("accounts:user_edit", args=[person.pk]),
                           {"job_title": "Housing Officer", "team": team.pk, "line_manager": boss.pk})
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.job_title, person.team, person.line_manager) == ("Housing Officer", team, boss)
    outsider = UserFactory(organisation=other_council)
    assert client.get(reverse("accounts:user_edit", args=[outsider.pk])).status_code == 404


def test_teams_are_added_and_renamed_on_the_page(council, other_council, user_with_role, client_for):
    client = client_for(user_with_role(Role.REGISTER_MANAGER))
    assert client.post(reverse("accounts:team_list"), {"name": "Housing"}).status_code == 302
    response = client.post(reverse("accounts:team_list"), {"name": "housing"})
    assert response.status_code == 200 and b"already has a team with this name" in response.content
    team = Team.objects.get(council=council, name="Housing")
    assert client.post(reverse("accounts:team_rename", args=[team.pk]), {"name": "Housing Services"}).status_code == 302
    assert Team.objects.get(pk=team.pk).name == "Housing Services"
    theirs = TeamFactory(council=other_council)
    assert client.get(reverse("accounts:team_rename", args=[theirs.pk])).status_code == 404


def test_staff_import_dry_run_then_confirm_on_the_pages(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.REGISTER_MANAGER))
    data = b"email,name\nsam@testshire.gov.uk,Sam Patel\nana@testshire.gov.uk,Ana Silva\n"
    response = client.post(reverse("accounts:staff_import_upload"), {"file": SimpleUploadedFile("staff.csv", data, "text/csv")})
    assert response.status_code == 200 and b"Will be invited" in response.content and b"Invite 2 people" in response.content
    assert not User.objects.filter(email="sam@testshire.gov.uk").exists()
    response = client.post(reverse("accounts:staff_import_confirm"))
    assert response.status_code == 200 and b"Staff invited" in response.content
    assert Invitation.objects.filter(council=council).count() == 2
    response = client.post(reverse("accounts:staff_import_confirm"))  # the file was used: nothing to confirm
    assert response.status_code == 302 and Invitation.objects.filter(council=council).count() == 2


def test_staff_import_shows_row_errors_and_refuses_a_non_csv_file(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.REGISTER_MANAGER))
    response = client.post(reverse("accounts:staff_import_upload"),
                           {"file": SimpleUploadedFile("staff.csv", b"email,name\nnot-an-email,Sam\n", "text/csv")})
    assert b"Row 2: &#x27;not-an-email&#x27; is not an email address" in response.content and b"Invite 1" not in response.content
    response = client.post(reverse("accounts:staff_import_upload"), {"file": SimpleUploadedFile("staff.xlsx", b"PK", "application/zip")})
    assert b"The selected file must be a CSV file" in response.content


def test_a_system_administrator_sets_up_a_council_on_the_page(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.SYSADMIN))
    response = client.post(reverse("accounts:council_create"), {"name": "North Demo Council", "slug": "", "admin_name": "Rachel Green",
                                                                "admin_email": "rachel@north.gov.uk"})
    assert response.status_code == 302
    north = Organisation.objects.get(slug="north-demo-council")
    assert Invitation.objects.get(council=north).role == Role.REGISTER_MANAGER
    assert b"North Demo Council" in client.get(reverse("accounts:council_list")).content


# --- The invitation link (public) ---
def test_the_link_sets_a_password_then_sends_the_person_to_sign_in(council, user_with_role):
    sent = invitations.invitation_create(actor=user_with_role(Role.REGISTER_MANAGER), council=council, email="sam@testshire.gov.uk",
                                         full_name="Sam Patel")
    url = reverse("accounts:invitation_accept", args=[sent.token])
    client = Client()
    page = client.get(url)
    assert page.status_code == 200 and b"Set your password" in page.content and b"sam@testshire.gov.uk" in page.content
    response = client.post(url, {"full_name": "Sam Patel", "password1": PASSWORD, "password2": "something else"})
    assert response.status_code == 200 and b"The passwords do not match" in response.content
    response = client.post(url, {"full_name": "Sam Patel", "password1": "samPatel", "password2": "samPatel"})
    assert response.status_code == 200 and b"too short" in response.content
    response = client.post(url, {"full_name": "Sam Patel", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert User.objects.get(email="sam@testshire.gov.uk").check_password(PASSWORD)
    again = client.get(url)
    assert again.status_code == 410 and b"used already" in again.content


def test_a_wrong_or_expired_link_says_so(council, user_with_role, client_for):
    sent = invitations.invitation_create(actor=user_with_role(Role.REGISTER_MANAGER), council=council, email="sam@testshire.gov.uk",
                                         full_name="Sam Patel")
    assert Client().get(reverse("accounts:invitation_accept", args=["made-up"])).status_code == 404
    Invitation.objects.filter(pk=sent.invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = Client().get(reverse("accounts:invitation_accept", args=[sent.token]))
    assert response.status_code == 410 and b"expired" in response.content
    assert AuditEvent.objects.filter(event_type=EventType.INVITATION_LINK_REFUSED, data__reason="expired").exists()
    signed_in = client_for(user_with_role(Role.STAFF)).get(reverse("accounts:invitation_accept", args=[sent.token]))
    assert b"Sign out, then open the link" in signed_in.content


def test_the_register_manager_is_told_on_the_home_page_when_an_invitation_expires(council, user_with_role, client_for):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    sent = invitations.invitation_create(actor=register_manager, council=council, email="sam@testshire.gov.uk", full_name="Sam Patel")
    client = client_for(register_manager)
    assert b"Invitations that expired" not in client.get("/").content
    Invitation.objects.filter(pk=sent.invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert b"Invitations that expired" in client.get("/").content
