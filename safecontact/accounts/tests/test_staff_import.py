"""Inviting staff from a CSV file: a dry run with row errors first, then everyone or nobody."""

import pytest
from django.core.exceptions import PermissionDenied

from safecontact.access.policy import Role
from safecontact.accounts.invitations import invitation_create
from safecontact.accounts.models import Invitation, RoleAssignment, User
from safecontact.accounts.staff_import import staff_import
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.factories import TeamFactory, UserFactory
from safecontact.notifications.models import StaffEmail

HEADER = "Email,Name,Job title,Team,Line manager email\n"


@pytest.fixture
def setup(council, user_with_role):
    TeamFactory(council=council, name="Housing")
    TeamFactory(council=council, name="Waste and Recycling")
    boss = UserFactory(organisation=council, email="boss@testshire.gov.uk", full_name="Morgan Hughes")
    return user_with_role(Role.REGISTER_MANAGER), boss


GOOD = HEADER + (
    "sam@testshire.gov.uk,Sam Patel,Housing Officer,housing,lee@testshire.gov.uk\n"  # managed by someone later in the file
    "lee@testshire.gov.uk,Lee Chan,Team Leader,Housing,boss@testshire.gov.uk\n"
    "\n"
    "ana@testshire.gov.uk,Ana Silva,,Waste and Recycling,\n"
)


def test_a_dry_run_reports_every_row_and_changes_nothing(council, setup):
    register_manager, _ = setup
    report = staff_import(actor=register_manager, council=council, data=GOOD.encode())
    assert report.ok and report.dry_run and not report.imported
    assert [(row.number, row.email, row.team.name if row.team else None) for row in report.rows] == [
        (2, "sam@testshire.gov.uk", "Housing"), (3, "lee@testshire.gov.uk", "Housing"), (5, "ana@testshire.gov.uk", "Waste and Recycling")]
    assert not User.objects.filter(email__in=["sam@testshire.gov.uk", "ana@testshire.gov.uk"]).exists()
    assert not Invitation.objects.exists() and not StaffEmail.objects.exists()


def test_the_import_invites_everyone_with_their_team_and_line_manager(council, setup):
    register_manager, boss = setup
    report = staff_import(actor=register_manager, council=council, data=GOOD.encode(), dry_run=False)
    assert report.imported
    sam, lee, ana = (User.objects.get(email=f"{name}@testshire.gov.uk") for name in ("sam", "lee", "ana"))
    assert (sam.line_manager, lee.line_manager, ana.line_manager) == (lee, boss, None)
    assert (sam.team.name, ana.team.name, sam.job_title) == ("Housing", "Waste and Recycling", "Housing Officer")
    assert Invitation.objects.filter(council=council, status="pending", role="").count() == 3
    assert StaffEmail.objects.filter(key__startswith="invitation:").count() == 3
    imported = AuditEvent.objects.get(event_type=EventType.STAFF_IMPORTED)
    assert imported.actor_id == register_manager.pk and imported.data == {"rows": 3, "role": ""}
    assert AuditEvent.objects.filter(event_type=EventType.INVITATION_SENT).count() == 3


def test_row_errors_are_named_and_nothing_is_imported(council, setup):
    register_manager, _ = setup
    data = HEADER + (
        "sam@testshire.gov.uk,Sam Patel,,Housing,\n"
        "not-an-email,No Email,,,\n"
        "ana@testshire.gov.uk,,,,\n"
        "sam@testshire.gov.uk,Sam Again,,,\n"
        "kim@testshire.gov.uk,Kim Lee,,Parks,\n"
        "jo@testshire.gov.uk,Jo Bloggs,,,nobody@testshire.gov.uk\n"
        f"{register_manager.email},Already Here,,,\n"
        "self@testshire.gov.uk,Self Managed,,,self@testshire.gov.uk\n"
        "a@testshire.gov.uk,Round A,,,b@testshire.gov.uk\n"
        "b@testshire.gov.uk,Round B,,,a@testshire.gov.uk\n"
    )
    for dry_run in (True, False):
        report = staff_import(actor=register_manager, council=council, data=data, dry_run=dry_run)
        assert not report.imported
        errors = {row.number: row.errors for row in report.rows if row.errors}
        assert errors[3] == ["'not-an-email' is not an email address"]
        assert errors[4] == ["Enter the person's name"]
        assert errors[5] == ["sam@testshire.gov.uk is also on row 2"]
        assert "'Parks' is not one of the council's teams" in errors[6][0]
        assert "nobody@testshire.gov.uk is not a member of the council's staff" in errors[7][0]
        assert errors[8] == [f"{register_manager.email} already has an account"]
        assert errors[9] == ["A person cannot be their own line manager"]
        assert errors[10] == errors[11] == ["The line managers in the file go round in a circle"]
        assert 2 not in errors
    assert not User.objects.filter(email="sam@testshire.gov.uk").exists()
    assert not Invitation.objects.exists() and not AuditEvent.objects.filter(event_type=EventType.STAFF_IMPORTED).exists()


def test_someone_invited_meanwhile_stops_the_whole_import(council, setup):
    register_manager, _ = setup
    assert staff_import(actor=register_manager, council=council, data=GOOD).ok
    invitation_create(actor=register_manager, council=council, email="ana@testshire.gov.uk", full_name="Ana Silva")
    report = staff_import(actor=register_manager, council=council, data=GOOD, dry_run=False)
    assert not report.imported and report.rows[2].errors == ["ana@testshire.gov.uk has been invited already"]
    assert not User.objects.filter(email="sam@testshire.gov.uk").exists()


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04\x00\x00binary workbook", "not a CSV text file"),
    (b"who,what\nx,y\n", "missing: email, name"),
    (HEADER.encode(), "no rows under its header"),
])
def test_a_file_that_cannot_be_read_says_why(council, setup, data, message):
    report = staff_import(actor=setup[0], council=council, data=data)
    assert not report.ok and message in report.file_errors[0]


def test_windows_1252_names_are_read(council, setup):
    data = (HEADER + "zoe@testshire.gov.uk,Zoë Brontë,,,\n").encode("cp1252")
    report = staff_import(actor=setup[0], council=council, data=data, dry_run=False)
    assert report.imported and User.objects.get(email="zoe@testshire.gov.uk").full_name == "Zoë Brontë"


def test_the_staff_role_is_given_only_by_a_register_manager_with_a_business_need(council, setup, user_with_role):
    register_manager, _ = setup
    report = staff_import(actor=register_manager, council=council, data=GOOD, give_staff_role=True)
    assert report.file_errors == ["Say why these people need the staff member role"]
    report = staff_import(actor=user_with_role(Role.SYSADMIN), council=council, data=GOOD, give_staff_role=True, business_need="Visits")
    assert report.file_errors == ["Only a register manager can give a role with an invitation"]
    report = staff_import(actor=register_manager, council=council, data=GOOD, dry_run=False, give_staff_role=True,
                          business_need="Front-line housing staff")
    assert report.imported and Invitation.objects.filter(role=Role.STAFF, business_need="Front-line housing staff").count() == 3
    assert not RoleAssignment.objects.filter(user__email="sam@testshire.gov.uk").exists()  # given when they accept


def test_only_those_who_keep_the_staff_list_import(council, setup, user_with_role):
    for role in (Role.MANAGER, Role.STAFF, Role.DPO):
        with pytest.raises(PermissionDenied):
            staff_import(actor=user_with_role(role), council=council, data=GOOD)
