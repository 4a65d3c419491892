"""Demo register: a handful of live markers and restrictions, an address-only hazard, one awaiting
approval, and a few gazetteer addresses, so checks in the demo find something. Idempotent."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from safecontact.accounts.models import Organisation, User
from safecontact.cases.models import Decision
from safecontact.cases.services import case_open_for_incident, decision_record
from safecontact.incidents.models import Incident
from safecontact.people.matching_records import refresh_search_keys
from safecontact.people.models import Address, Person, PersonAddress, PersonAlias
from safecontact.register import services
from safecontact.register.models import Measure, Precaution, RestrictionType

STREETS = [("Mill Lane", "GL50 1PQ"), ("Church Road", "GL50 2AB"), ("Station Street", "GL51 3CD"), ("Park Avenue", "GL52 4EF")]

# (given, family, dob, house, street index, aliases, kind, impact, likelihood, precautions, restriction codes, approve)
PEOPLE = [
    ("William", "Harrington", date(1971, 3, 14), 12, 0, [("Bill", "Harrington")], "marker", 4, 4,
     ["Visit in pairs", "Dog on premises: ask for it to be secured"], [], True),
    ("Siân", "O'Brien-Ní Dhónaill", date(1984, 11, 2), 3, 1, [], "restriction", None, None, [], ["written_only", "spoc"], True),
    ("Łukasz", "Żółć", date(1990, 6, 30), 41, 2, [], "marker", 3, 2, ["Meet only at council offices"], [], True),
    ("Margaret", "McAllister", date(1958, 1, 9), 7, 3, [("Peggy", "McAllister")], "marker", 5, 5,
     ["No lone visits", "Police escort", "Do not enter the property"], [], True),
    ("Darren", "Pugh", date(1979, 8, 21), 19, 0, [], "marker", 2, 3, ["Phone contact only"], [], False),
]


def _address(council: Organisation, house: int, street: int, uprn: str) -> Address:
    name, postcode = STREETS[street]
    address, _ = Address.objects.get_or_create(
        council=council, uprn=uprn, defaults={"line1": f"{house} {name}", "town": "Demo Town", "postcode": postcode, "from_gazetteer": True}
    )
    return address


def _decided(*, council: Organisation, officer: User, approver: User, incident: Incident, outcome: str) -> Decision:
    """The customer's case and the decision an entry is proposed from (issue 11), through the cases services."""
    case = case_open_for_incident(actor=officer, council=council, incident=incident)
    return decision_record(
        actor=approver, council=council, case=case, outcome=outcome, reasons="Repeated threats to staff on home visits, "
        "with the incidents and their dates on the case.", policy_clause="Section 5.2 (threats to staff)",
        proportionality="An informal warning did not change the behaviour.", warning_given_first=True,
        equality_screen="No disability or communication need known; the customer's preferred format is standard print.",
        access_to_services="A named officer by phone and in writing.", known_to_social_care=Person.SocialCare.NO)


def seed_register(*, council: Organisation, officer: User, approver: User, reporter: User, partner: Organisation) -> None:
    if Measure.objects.filter(council=council).exists():
        return
    for street, _ in enumerate(STREETS):
        for house in range(1, 45, 2):
            _address(council, house, street, f"1001{street:02d}{house:06d}")
    for i, (given, family, dob, house, street, aliases, kind, impact, likelihood, precautions, codes, approve) in enumerate(PEOPLE):
        home = _address(council, house, street, f"1001{street:02d}{house:06d}")
        person = Person.objects.create(council=council, given_names=given, family_name=family, date_of_birth=dob,
                                       known_to_social_care=Person.SocialCare.NO)
        for g, f in aliases:
            PersonAlias.objects.create(person=person, given_names=g, family_name=f)
        PersonAddress.objects.create(person=person, address=home, from_date=date(2019, 4, 1), is_correspondence=True,
                                     verified_on=date.today() - timedelta(days=30))
        refresh_search_keys(person)
        incident = Incident.objects.create(
            council=council, reporter=reporter, reference=f"INC-DEMO-{i + 1:04d}", status=Incident.Status.REFERRED,
            occurred_at=timezone.now() - timedelta(days=40 - i), channel=Incident.Channel.HOME_VISIT, person=person,
            account="Shouted at the officer on the doorstep and threatened to set the dog on them.",
            exact_words="Come back here and you'll regret it.", identity_confirmation=Incident.Identity.KNOWN_ACCOUNT,
            submitted_at=timezone.now() - timedelta(days=39 - i),
        )
        kwargs: dict[str, Any] = {}
        if kind == "marker":
            kwargs["marker"] = services.MarkerDetails(
                risk_impact=impact, risk_likelihood=likelihood,  # type: ignore[arg-type]
                risk_description="Threatening behaviour towards staff on home visits.",
                precautions=list(Precaution.objects.filter(label__in=precautions)), advice="Phone before any visit.")
        else:
            kwargs["restriction"] = services.RestrictionDetails(
                restriction_types=list(RestrictionType.objects.filter(code__in=codes)), scope="services",
                mandatory_services_route="Housing repairs and council tax queries can be raised in writing with the named officer.",
                single_point_of_contact=officer)
        decision = _decided(council=council, officer=officer, approver=approver, incident=incident,
                            outcome="propose_marker" if kind == "marker" else "propose_restriction")
        measure = services.measure_propose(
            actor=officer, council=council, decision=decision, originating_incident=incident, person=person,
            reasons="Repeated threats to staff.",
            distribution=services.Distribution(shared_with=[partner] if i == 0 else []), **kwargs)
        if approve:
            services.measure_approve(actor=approver, measure=measure)
    dog_house = _address(council, 3, 3, "100103000003")
    hazard_incident = Incident.objects.create(
        council=council, reporter=reporter, reference="INC-DEMO-0099", status=Incident.Status.REFERRED,
        occurred_at=timezone.now() - timedelta(days=12), channel=Incident.Channel.HOME_VISIT, account="Loose dog bit a meter reader.",
        identity_confirmation=Incident.Identity.NOT_CONFIRMED, submitted_at=timezone.now() - timedelta(days=11),
        person=Person.objects.create(council=council, given_names="Gary", family_name="Hollis", date_of_birth=date(1966, 5, 2)),
    )
    decision = _decided(council=council, officer=officer, approver=approver, incident=hazard_incident, outcome="propose_marker")
    hazard = services.measure_propose(
        actor=officer, council=council, decision=decision, originating_incident=hazard_incident, premises=dog_house,
        premises_only=True, reasons="Dangerous dog at the address.",
        marker=services.MarkerDetails(risk_impact=4, risk_likelihood=3, risk_description="Large dog, not always secured.",
                                      precautions=list(Precaution.objects.filter(label__startswith="Dog on premises"))),
        distribution=services.Distribution(shared_with=[partner]))
    services.measure_approve(actor=approver, measure=hazard)
