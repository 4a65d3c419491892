"""The demo sign-ins: one user per role at Demo Borough Council and an officer of a second council. Here, below
the shell that seeds them, because access (MFA in demo mode) must know exactly which addresses they are."""

import os
from typing import Any

from safecontact.access.policy import Role

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


# The second council's officer, printed with the others to show the separation between councils.
SECOND_COUNCIL_SIGN_IN = ("officer@second.demo.test", Role.REGISTER_OFFICER)


def printed_demo_emails() -> frozenset[str]:
    """The sign-ins `seed_demo` prints: only these skip MFA in demo mode (access/middleware.py), not
    anyone else later given an address at the demo domain."""
    return frozenset({f"{local}@demo.test" for local, *_ in DEMO_USERS} | {SECOND_COUNCIL_SIGN_IN[0]})


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


# Who a checker calls about a possible match, for each demo council (01632 960xxx: Ofcom's numbers for drama).
DEMO_CUSTOMER_RELATIONS = {
    "council": ("Rachel Green, Customer Relations", "01632 960 123", "Monday to Friday, 9am to 5pm"),
    "second": ("Tom Baker, Customer Relations", "01632 960 456", "Monday to Friday, 8:30am to 4:30pm"),
}


def seed_customer_relations(*, council: Any, second: Any) -> None:
    """Fill in the Customer Relations contact where a demo council has none (idempotent, keeps any edits)."""
    from safecontact.accounts.models import CouncilSettings

    for key, organisation in (("council", council), ("second", second)):
        if organisation is None:
            continue
        name, phone, hours = DEMO_CUSTOMER_RELATIONS[key]
        row, _ = CouncilSettings.objects.get_or_create(council=organisation)
        CouncilSettings.objects.filter(pk=row.pk, customer_relations_contact="").update(customer_relations_contact=name)
        CouncilSettings.objects.filter(pk=row.pk, customer_relations_phone="").update(customer_relations_phone=phone)
        CouncilSettings.objects.filter(pk=row.pk, customer_relations_hours="").update(customer_relations_hours=hours)
