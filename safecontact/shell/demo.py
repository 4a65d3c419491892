"""Demo data: a council, a partner housing company, a contractor, teams, one user per role and a
second council to show the separation, then each app's demo step (DEMO_STEPS in its contributions module) in
order. Idempotent; grows with every feature."""

from datetime import date, timedelta

from django.db import transaction

from safecontact.access.policy import Role
from safecontact.accounts import services as accounts
from safecontact.accounts.demo import DEMO_USERS, SECOND_COUNCIL_SIGN_IN, TEAMS, demo_password, printed_demo_emails
from safecontact.accounts.models import DataSharingAgreement, Organisation, RoleAssignment, Team, User
from safecontact.core.contributions import DemoData, demo_steps

__all__ = ["demo_password", "printed_demo_emails", "seed_demo"]

def _organisation(name: str, slug: str, kind: str) -> Organisation:
    existing = Organisation.objects.filter(slug=slug).first()
    return existing or accounts.organisation_create(actor=None, name=name, slug=slug, kind=kind)


def _user(email: str, full_name: str, organisation: Organisation, council: Organisation, job_title: str,
          line_manager: User | None = None) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = accounts.user_create(actor=None, council=council, email=email, full_name=full_name, organisation=organisation,
                                    password=demo_password(), line_manager=line_manager, job_title=job_title)
    return user


def _grant(council: Organisation, user: User, role: Role) -> None:
    if not RoleAssignment.objects.filter(council=council, user=user, role=role, status="approved").exists():
        accounts.role_assignment_bootstrap(council=council, user=user, role=role, reason="Demo data")


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Returns (email, role label) for every demo sign-in."""
    council = _organisation("Demo Borough Council", "demo", Organisation.Kind.COUNCIL)
    partner = _organisation("Demo Homes (council-owned housing company)", "demo-homes", Organisation.Kind.PARTNER)
    contractor = _organisation("Demo Repairs Ltd", "demo-repairs", Organisation.Kind.CONTRACTOR)
    second = _organisation("Second District Council", "second", Organisation.Kind.COUNCIL)
    for name in TEAMS:
        if not Team.objects.filter(council=council, name=name).exists():
            accounts.team_create(actor=None, council=council, name=name)
    if not Team.objects.filter(council=second, name="Customer Services").exists():
        accounts.team_create(actor=None, council=second, name="Customer Services")

    register_manager = _user("register-manager@demo.test", "Rachel Green", council, council, "Customer Relations Manager")
    for org in (partner, contractor):
        if not DataSharingAgreement.objects.filter(council=council, organisation=org).exists():
            DataSharingAgreement.objects.create(
                council=council, organisation=org, recorded_by=register_manager,
                purpose="Staff safety before visits to council tenants and properties",
                what_may_be_shared="Precautions for entries tagged for this organisation",
                starts_on=date.today() - timedelta(days=90), ends_on=date.today() + timedelta(days=640),
            )
    organisations = {"council": council, "partner": partner, "contractor": contractor}
    manager = _user("manager@demo.test", "Morgan Hughes", council, council, "Housing Team Leader")
    sign_ins = []
    for local, name, role, org_key, title in DEMO_USERS:
        email = f"{local}@demo.test"
        line_manager = manager if local == "staff" else None
        user = _user(email, name, organisations[org_key], council, title, line_manager)
        _grant(council, user, role)
        sign_ins.append((email, role.label))
    # A new starter whose manager has still to decide on access (shown on the manager's home page).
    _user("new.starter@demo.test", "Nia Roberts", council, council, "Trainee Housing Officer", manager)
    second_email, second_role = SECOND_COUNCIL_SIGN_IN
    second_officer = _user(second_email, "Sian Parry", second, second, "Customer Relations Officer")
    _grant(second, second_officer, second_role)
    second_rm = _user("register-manager@second.demo.test", "Tom Baker", second, second, "Customer Relations Manager")
    _grant(second, second_rm, Role.REGISTER_MANAGER)
    sign_ins.append((second_email, f"{second_role.label}, Second District Council"))
    users = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.test")}
    demo = DemoData(council=council, organisations=organisations, users=users)
    for step in demo_steps():
        step.seed(demo)
    return sign_ins
