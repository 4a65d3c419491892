"""Test set-up for the register: people, addresses and incidents made directly (their own services
are tested in their apps), measures through the register's services."""

from datetime import date, timedelta

from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.incidents.models import Incident
from safecontact.people.matching_records import refresh_search_keys
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias
from safecontact.register import services
from safecontact.register.models import Precaution, RestrictionType


def address(council, line1="12 Mill Lane", town="Cheltenham", postcode="GL50 1PQ", uprn=""):
    return Address.objects.create(council=council, line1=line1, town=town, postcode=postcode, uprn=uprn)


def person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=None, aliases=()):
    p = Person.objects.create(council=council, given_names=given, family_name=family, date_of_birth=dob)
    for g, f in aliases:
        PersonAlias.objects.create(person=p, given_names=g, family_name=f)
    if at is not None:
        PersonAddress.objects.create(person=p, address=at, from_date=date(2020, 1, 1))
    refresh_search_keys(p)
    return p


def incident(council, reporter, subject=None, identity=Incident.Identity.KNOWN_ACCOUNT):
    return Incident.objects.create(
        council=council, reporter=reporter, status=Incident.Status.REFERRED, reference=f"INC-T-{Incident.objects.count() + 1}",
        occurred_at=timezone.now() - timedelta(days=2), channel=Incident.Channel.HOME_VISIT, account="Shouted and threatened",
        person=subject, identity_confirmation=identity, submitted_at=timezone.now(),
    )


def marker_details(**overrides):
    fields = {"risk_impact": 4, "risk_likelihood": 4, "risk_description": "Threatened staff with a dog on two visits.",
                  "precautions": list(Precaution.objects.filter(label__in=["Visit in pairs", "No lone visits"])),
                  "advice": "Phone before visiting; do not enter if the dog is loose."}
    fields.update(overrides)
    return services.MarkerDetails(**fields)


def restriction_details(**overrides):
    fields = {"restriction_types": list(RestrictionType.objects.filter(code="written_only")), "scope": "services",
                  "mandatory_services_route": "Housing repairs can still be reported by phone to the named officer."}
    fields.update(overrides)
    return services.RestrictionDetails(**fields)


def live_marker(council, user_with_role, subject=None, premises=None, **marker):
    officer = user_with_role(Role.REGISTER_OFFICER)
    approver = user_with_role(Role.DECISION_MAKER)
    reporter = user_with_role(Role.STAFF)
    m = propose(actor=officer, council=council, originating_incident=incident(council, reporter, subject),
                                 person=subject, premises=premises, reasons="Repeated threats on home visits",
                                 marker=marker_details(**marker))
    return services.measure_approve(actor=approver, measure=m)


def decision_for(council, incident_, decider, outcome="propose_marker", policy_version="2026.1"):
    """A recorded decision on the customer's case, made directly (cases' own service is tested in cases): every
    register entry is proposed from one (issue 11). An incident with no person gets one: a case is about a person."""
    from safecontact.cases.models import Case, Decision

    if incident_.person_id is None:
        incident_.person = Person.objects.create(council=council, given_names="Pat", family_name=f"Occupier{Case.objects.count()}")
        incident_.save(update_fields=["person"])
    case = Case.objects.create(council=council, reference=f"CASE-T-{Case.objects.count() + 1}", person=incident_.person, owner=decider)
    case.incidents.add(incident_)
    return Decision.objects.create(
        council=council, case=case, outcome=outcome, reasons="Threats to staff on two home visits", policy_clause="5.2",
        policy_version=policy_version, proportionality="A warning did not stop it", warning_given_first=True,
        equality_screen="No known disability or communication need", access_to_services="A named officer by phone",
        decided_by=decider, decided_at=timezone.now())


def propose(*, actor, council, originating_incident, person=None, premises=None, marker=None, restriction=None, **kwargs):
    """`measure_propose` from a decision made for the purpose: for tests about what happens after a proposal."""
    decision = kwargs.pop("decision", None)
    if decision is None and originating_incident is not None:
        if person is not None and originating_incident.person_id is None:
            originating_incident.person = person
            originating_incident.save(update_fields=["person"])
        outcome = "propose_marker" if marker is not None else "propose_restriction"
        decision = decision_for(council, originating_incident, actor, outcome=outcome)
    return services.measure_propose(actor=actor, council=council, decision=decision, originating_incident=originating_incident,
                                    person=person, premises=premises,
                                    premises_only=kwargs.pop("premises_only", person is None and premises is not None),
                                    marker=marker, restriction=restriction, **kwargs)
