"""Set-up for warning tests (letters, appeals, retention): a customer with a verified correspondence address and a
formal warning (a decision on their case) or an informal one (recorded at triage), built through the services."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.cases import services as cases
from safecontact.incidents.services import incident_link_person
from safecontact.incidents.services_triage import incident_triage
from safecontact.incidents.tests.factories import submitted_incident
from safecontact.people.models import PersonAddress
from safecontact.register.tests import builders

CHECKLIST = {"complaint_handled_properly": True, "communication_adequate": True, "new_information": False,
             "possible_disability_or_need": False}


@dataclass
class Warning:
    officer: Any  # register officer: prepares and issues letters, records appeals
    manager: Any  # triaged the report
    reporter: Any
    incident: Any
    person: Any
    decider: Any = None
    decision: Any = None


def customer(council):
    home = builders.address(council, line1="12 Mill Lane", town="Cheltenham", postcode="GL50 1PQ")
    person = builders.person(council, given="William", family="Harrington", at=home)
    PersonAddress.objects.filter(person=person).update(is_correspondence=True, verified_on=date(2026, 1, 5))
    return person


def _reported(council, user_with_role, outcome: str, **warning: Any) -> Warning:
    manager = user_with_role(Role.MANAGER, full_name="Mo Manager")
    reporter = user_with_role(Role.STAFF, full_name="Sam Patel", line_manager=manager)
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    incident = submitted_incident(reporter=reporter, council=council)
    incident_triage(actor=manager, council=council, incident=incident, outcome=outcome, reasons="Shouted at the counter",
                    **CHECKLIST, **warning)
    person = customer(council)
    incident = incident_link_person(actor=officer, council=council, incident=incident, person=person)
    return Warning(officer=officer, manager=manager, reporter=reporter, incident=incident, person=person)


def informal_warning(council, user_with_role, *, given_on: date | None = None) -> Warning:
    return _reported(council, user_with_role, "informal_warning", warning_given_by="Mo Manager",
                     warning_given_on=given_on or timezone.localdate(), warning_what_was_said="Shouting at staff is not acceptable")


def formal_warning(council, user_with_role) -> Warning:
    made = _reported(council, user_with_role, "refer")
    decider = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    case = cases.case_open_for_incident(actor=decider, council=council, incident=made.incident)
    made.decider = decider
    made.decision = cases.decision_record(
        actor=decider, council=council, case=case, outcome="formal_warning", reasons="Shouted at and threatened counter staff",
        policy_clause="5.2", policy_version="2026.1", proportionality="A first formal step", equality_screen="No need identified",
        access_to_services="All services as usual", known_to_social_care="no", warning_examples="3 March 2026: shouted at the counter",
        warning_expected_change="Speak to staff without shouting or threats",
    )
    return made
