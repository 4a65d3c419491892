"""Test set-up for subject access: a person with something of every kind held about them. Register entries come
through the register's builders (its services); rows the bundle only reads are made directly."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals.models import Appeal
from safecontact.audit.services import audit_access
from safecontact.checks.models import Check
from safecontact.letters.models import Letter
from safecontact.people.models import ContactPoint
from safecontact.register.tests import builders
from safecontact.reviews.models import Review

THIRD_PARTY = "Tom Baxter"  # a neighbour named in the account of an incident
WITNESS = "Priya Witness-Shah"  # in the witnesses field: withheld by default


@dataclass
class Held:
    person: Any
    measure: Any
    incident: Any
    viewer: Any


def person_with_everything(council: Any, user_with_role: Any) -> Held:
    person = builders.person(council, given="Margaret", family="Okonkwo", at=builders.address(council), aliases=[("Peggy", "Okonkwo")])
    ContactPoint.objects.create(person=person, kind="phone", value="07700 900123")
    measure = builders.live_marker(council, user_with_role, subject=person)
    incident = measure.originating_incident
    incident.account = f"Shouted at the officer and at her neighbour {THIRD_PARTY} on the doorstep."
    incident.witnesses = WITNESS
    incident.others_involved = "Rachel Green (housing officer)"
    incident.save(update_fields=["account", "witnesses", "others_involved"])
    checker = user_with_role(Role.STAFF, full_name="Chris Checker")
    check = Check.objects.create(council=council, checker=checker, purpose="home_visit", outcome="precautions_apply",
                                 query_name="Margaret Okonkwo")
    check.measures.add(measure)
    now = timezone.now()
    Letter.objects.create(council=council, reference="LET-T-1", verification_code="ABC123", event="safety_marker", status="sent",
                          person=person, measure=measure, issued_at=now, issued_on=now.date(), address_confirmed_at=now,
                          pdf_sha256="0" * 64, channel="post", address_text="12 Mill Lane, Cheltenham, GL50 1PQ")
    Appeal.objects.create(council=council, reference="APP-T-1", person=person, measure=measure, received_on=date.today(),
                          channel="letter", grounds=["disproportionate"], grounds_detail="I was upset, not threatening.",
                          decision_due=date.today() + timedelta(days=14))
    Review.objects.create(council=council, measure=measure, reviewer=measure.owner, due_on=date.today(), completed_on=date.today(),
                          outcome="continue", reasons="Behaviour continued", next_review_due=date.today() + timedelta(days=90),
                          partner_input="Police say a further report was made")
    viewer = user_with_role(Role.REGISTER_OFFICER, full_name="Vera Viewer")
    audit_access(actor=viewer, council=council, subject=person)
    return Held(person=person, measure=measure, incident=incident, viewer=viewer)
