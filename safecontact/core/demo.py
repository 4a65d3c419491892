"""Demo data: a council, a partner housing company, a contractor, teams, one user per role and a
second council to show the separation. Idempotent; grows with every feature."""

import os
from datetime import date, timedelta

from django.db import transaction

from safecontact.access.policy import Role
from safecontact.accounts import services as accounts
from safecontact.accounts.models import DataSharingAgreement, Organisation, RoleAssignment, Team, User
from safecontact.incidents.demo import seed_incidents

DEMO_PASSWORD_DEFAULT = "demo-safe-contact"
TEAMS = ["Housing", "Environmental Health", "Revenues and Benefits", "Waste and Recycling", "Customer Services"]

# (email local part, full name, role, organisation key, job title)
DEMO_USERS = [
    ("staff", "Sam Patel", Role.STAFF, "council", "Housing Officer"),
    ("manager", "Morgan Hughes", Role.MANAGER, "council", "Housing Team Leader"),
    ("councillor", "Cllr Rhiannon Evans", Role.COUNCILLOR, "council", "Ward Councillor"),
    ("contractor", "Chris Doyle", Role.CONTRACTOR, "contractor", "Repairs Operative"),
    ("partner", "Priya Shah", Role.PARTNER, "partner", "Tenancy Officer"),
    ("officer", "Olu Adeyemi", Role.REGISTER_OFFICER, "council", "Customer Relations Officer"),
    ("register-manager", "Rachel Green", Role.REGISTER_MANAGER, "council", "Customer Relations Manager"),
    ("decision-maker", "Dafydd Morgan", Role.DECISION_MAKER, "council", "Assistant Director, Housing"),
    ("hs", "Helen Stokes", Role.HS_ADVISER, "council", "Health and Safety Adviser"),
    ("governance", "Gareth Lewis", Role.GOVERNANCE_MEMBER, "council", "Head of Legal Services"),
    ("appeals", "Aisha Khan", Role.APPEALS_OFFICER, "council", "Director of Communities"),
    ("dpo", "Dee Okafor", Role.DPO, "council", "Data Protection Officer"),
    ("admin", "Alex Kowalski", Role.SYSADMIN, "council", "Systems Administrator"),
]


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


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
    second_officer = _user("officer@second.demo.test", "Sian Parry", second, second, "Customer Relations Officer")
    _grant(second, second_officer, Role.REGISTER_OFFICER)
    second_rm = _user("register-manager@second.demo.test", "Tom Baker", second, second, "Customer Relations Manager")
    _grant(second, second_rm, Role.REGISTER_MANAGER)
    sign_ins.append(("officer@second.demo.test", f"{Role.REGISTER_OFFICER.label}, Second District Council"))
    from safecontact.register.demo import seed_register

    seed_register(council=council, officer=User.objects.get(email="officer@demo.test"),
                  approver=User.objects.get(email="decision-maker@demo.test"), reporter=User.objects.get(email="staff@demo.test"),
                  partner=partner)
    seed_incidents(council, {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@demo.test")})
    from safecontact.appeals.demo import seed_letters_and_appeals  # --- Be fair (letters, appeals) ---

    seed_letters_and_appeals(council=council, officer=User.objects.get(email="officer@demo.test"),
                             manager=User.objects.get(email="register-manager@demo.test"))
    # --- Review and forget (policy, reviews, governance, retention) ---
    from safecontact.policies.demo import seed_policy

    seed_policy(council=council, manager=User.objects.get(email="register-manager@demo.test"))
    from safecontact.reviews.demo import seed_reviews

    seed_reviews(council=council)
    from safecontact.governance.demo import seed_governance

    seed_governance(council=council, manager=User.objects.get(email="register-manager@demo.test"))
    return sign_ins
