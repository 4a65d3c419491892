"""Proposing a measure: what it rests on, whom or what it is about, what the officer must give, and what is
kept. Each refusal is checked by the message and field the officer sees (issue 18)."""

import pytest

from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.factories import OrganisationFactory, TeamFactory
from safecontact.core.tests.refusals import refusal
from safecontact.register import services
from safecontact.register.models import Measure, Precaution, RestrictionType
from safecontact.register.tests import builders as b


def propose(officer, council, incident, **kwargs):
    kwargs.setdefault("reasons", "Threats on two visits")
    if "restriction" not in kwargs:
        kwargs.setdefault("marker", b.marker_details())
    return b.propose(actor=officer, council=council, originating_incident=incident, **kwargs)


# --- What a proposal rests on, and whom it is about ------------------------------------------------

def test_a_proposal_without_a_decision_is_refused(council, officer, incident, subject):
    """Issue 11: no entry without a recorded decision (reasons, proportionality, equality screen)."""
    assert refusal(services.measure_propose, actor=officer, council=council, decision=None, originating_incident=incident,
                   person=subject, reasons="Threats", marker=b.marker_details()) == (
        "An entry is proposed from a recorded decision on the customer's case: record the decision first.", "decision")
    assert not Measure.objects.exists()


def test_a_proposal_without_an_incident_is_refused(council, officer, incident, subject):
    decision = b.decision_for(council, incident, officer)
    assert refusal(propose, officer=officer, council=council, incident=None, person=subject, decision=decision) == (
        "A measure must rest on a specific incident.", "originating_incident")


def test_an_incident_about_another_person_is_refused(council, officer, incident, subject, staff):
    """Issue 11: the propose form accepted an entry for one person resting on an incident about someone else."""
    decision = b.decision_for(council, incident, officer)
    namesake = b.person(council, given="William", family="Harrington", dob=None)
    about_namesake = b.incident(council, staff, namesake)
    message, field = refusal(propose, officer=officer, council=council, incident=about_namesake, decision=decision)
    assert field == "originating_incident" and message.startswith(f"Choose an incident on case {decision.case.reference}")
    assert not Measure.objects.exists()


def test_the_entry_is_about_the_decisions_person_and_carries_its_case_and_policy_version(council, officer, incident, subject):
    decision = b.decision_for(council, incident, officer, policy_version="2026.2")
    measure = Measure.objects.get(pk=propose(officer, council, incident, decision=decision).pk)
    assert (measure.person, measure.case, measure.decision, measure.origin) == (subject, decision.case, decision, "decision")
    assert measure.policy_version == "2026.2"


def test_a_decision_that_proposes_something_else_is_refused(council, officer, incident, subject):
    decision = b.decision_for(council, incident, officer, outcome="propose_restriction")
    message, field = refusal(propose, officer=officer, council=council, incident=incident, decision=decision)
    assert field == "decision" and "does not propose a safety marker" in message


def test_a_decision_of_another_council_is_refused(council, other_council, officer, incident, user_with_role):
    theirs = b.incident(other_council, user_with_role(Role.STAFF, for_council=other_council),
                        b.person(other_council, given="Wilfred", family="Ashcombe"))
    decision = b.decision_for(other_council, theirs, officer)
    assert refusal(propose, officer=officer, council=council, incident=incident, decision=decision) == (
        "Choose a decision of this council.", "decision")


def test_a_proposal_on_another_councils_incident_is_refused(council, other_council, officer, subject, user_with_role):
    theirs = b.incident(other_council, user_with_role(Role.STAFF, for_council=other_council))
    assert refusal(propose, officer=officer, council=council, incident=theirs, person=subject) == (
        "Choose an incident of this council.", "originating_incident")


def test_a_premises_only_hazard_needs_the_premises(council, officer, incident, subject):
    decision = b.decision_for(council, incident, officer)
    assert refusal(propose, officer=officer, council=council, incident=incident, decision=decision, premises_only=True) == (
        "Give the premises the hazard is at.", "premises_uprn")


def test_a_person_other_than_the_decisions_is_refused(council, other_council, officer, incident, subject):
    decision = b.decision_for(council, incident, officer)
    for someone_else in (b.person(other_council, given="Wilfred", family="Ashcombe"), b.person(council, given="Ann", family="Other")):
        assert refusal(propose, officer=officer, council=council, incident=incident, person=someone_else, decision=decision) == (
            f"The decision is about {subject}: an entry from it is about the same person.", "person")
    assert not Measure.objects.exists()


def test_premises_of_another_council_are_refused_even_with_a_person_of_this_one(council, other_council, officer, incident, subject):
    theirs = b.address(other_council, line1="9 Far Lane", postcode="DL1 1AA")
    assert refusal(propose, officer=officer, council=council, incident=incident, person=subject, premises=theirs) == (
        "Choose an address of this council.", "premises_uprn")


@pytest.mark.parametrize("both", [True, False], ids=["marker-and-restriction", "neither"])
def test_a_measure_is_exactly_one_kind(council, officer, incident, subject, both):
    kinds = {"marker": b.marker_details(), "restriction": b.restriction_details()} if both else {"marker": None}
    assert refusal(propose, officer=officer, council=council, incident=incident, person=subject, **kinds) == (
        "A measure is either a safety marker or a contact restriction.", None)


def test_blank_reasons_are_refused(council, officer, incident, subject):
    assert refusal(propose, officer=officer, council=council, incident=incident, person=subject, reasons="  \n ") == (
        "Give the reasons for the measure.", "reasons")


def test_staff_who_check_cannot_propose(council, staff, incident, subject):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        propose(staff, council, incident, person=subject)


# --- Whom or what the entry is about, and the one-live-marker key -----------------------------------

def test_a_marker_on_premises_only_keeps_the_premises_and_keys_on_them(council, officer, incident, house):
    measure = propose(officer, council, incident, premises=house)
    measure.refresh_from_db()
    assert (measure.person_id, measure.premises_id) == (None, house.pk)
    assert measure.subject_key == f"-|{house.pk}"


def test_a_marker_on_a_person_at_premises_keeps_both_in_the_entry_and_the_key(council, officer, incident, subject, house):
    measure = propose(officer, council, incident, person=subject, premises=house)
    measure.refresh_from_db()
    assert (measure.person_id, measure.premises_id) == (subject.pk, house.pk)
    assert measure.subject_key == f"{subject.pk}|{house.pk}"


def test_a_marker_on_a_person_alone_keys_on_the_person(council, officer, incident, subject):
    measure = propose(officer, council, incident, person=subject)
    assert Measure.objects.get(pk=measure.pk).subject_key == f"{subject.pk}|-"
    assert services.subject_key(None, None) == "-|-"


# --- A safety marker --------------------------------------------------------------------------------

def test_a_marker_keeps_what_the_officer_gave(council, officer, incident, subject):
    precautions = list(Precaution.objects.filter(label__in=["Visit in pairs", "No lone visits"]))
    assert len(precautions) == 2
    details = b.marker_details(risk_impact=3, risk_likelihood=5, risk_description="  Kept a dog loose on two visits.  ",
                               advice="Phone first.", precautions=precautions)
    measure = propose(officer, council, incident, person=subject, marker=details, reasons="  Threats on two visits \n")
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.kind == Measure.Kind.SAFETY_MARKER and measure.status == Measure.Status.AWAITING_APPROVAL
    assert (measure.risk_impact, measure.risk_likelihood) == (3, 5)
    assert (measure.risk_description, measure.advice) == ("Kept a dog loose on two visits.", "Phone first.")
    assert measure.risk_description_author == officer and measure.proposed_by == officer and measure.owner == officer
    assert measure.reasons == "Threats on two visits"
    assert measure.originating_incident == incident and measure.council == council
    assert set(measure.precautions.all()) == set(precautions)
    assert measure.reference.startswith("PSR-") and measure.approved_by is None


def test_a_named_owner_owns_the_entry(council, officer, incident, subject, user_with_role):
    manager = user_with_role(Role.REGISTER_MANAGER)
    assert Measure.objects.get(pk=propose(officer, council, incident, person=subject, owner=manager).pk).owner == manager


def test_a_proposal_is_audited_with_its_kind_and_incident(council, officer, incident, subject):
    measure = propose(officer, council, incident, person=subject)
    event = AuditEvent.objects.get(event_type="measure.proposed", subject_id=str(measure.pk))
    assert event.actor_id == officer.pk and event.council_id == council.pk
    assert event.data == {"kind": "safety_marker", "incident": str(incident.pk), "decision": str(measure.decision_id)}


def test_a_marker_needs_a_risk_description_that_is_not_blank(council, officer, incident, subject):
    assert refusal(propose, officer=officer, council=council, incident=incident, person=subject,
                   marker=b.marker_details(risk_description="   ")) == (
        "Describe the risk in a sentence or two: facts, not opinion.", "risk_description")


def test_a_marker_needs_a_precaution(council, officer, incident, subject):
    assert refusal(propose, officer=officer, council=council, incident=incident, person=subject,
                   marker=b.marker_details(precautions=[])) == ("Choose at least one precaution.", "precautions")


# --- A contact restriction --------------------------------------------------------------------------

def test_a_restriction_keeps_every_term_the_officer_gave(council, officer, incident, subject, user_with_role):
    contact, deputy = user_with_role(Role.MANAGER), user_with_role(Role.MANAGER)
    types = list(RestrictionType.objects.filter(code="written_only"))
    assert types
    details = b.restriction_details(
        restriction_types=types, scope="organisation_wide", scope_justification="Threatened staff in three services.",
        mandatory_services_route="Write to the named officer.", single_point_of_contact=contact, deputy_contact=deputy,
        permitted_channels="Letter and email", phone_limits="Tuesdays 10-11, 10 minutes", premises_excluded="Municipal Offices",
        about_representative=True)
    representative = b.person(council, given="Gareth", family="Speaks-For")
    measure = Measure.objects.get(pk=propose(officer, council, incident, person=subject, restriction=details,
                                             representative=representative).pk)
    assert measure.kind == Measure.Kind.CONTACT_RESTRICTION
    assert (measure.scope, measure.scope_justification, measure.mandatory_services_route) == (
        "organisation_wide", "Threatened staff in three services.", "Write to the named officer.")
    assert (measure.single_point_of_contact, measure.deputy_contact) == (contact, deputy)
    assert (measure.permitted_channels, measure.phone_limits, measure.premises_excluded) == (
        "Letter and email", "Tuesdays 10-11, 10 minutes", "Municipal Offices")
    assert measure.about_representative is True and (measure.person, measure.principal) == (representative, subject)
    assert list(measure.restriction_types.all()) == types
    assert (measure.risk_impact, measure.risk_description, measure.risk_description_author) == (None, "", None)
    assert not measure.precautions.exists()


def test_a_restriction_for_named_services_needs_no_justification(council, officer, incident, subject):
    measure = propose(officer, council, incident, person=subject, restriction=b.restriction_details(scope="services"))
    assert measure.scope == "services" and measure.scope_justification == ""


@pytest.mark.parametrize(("terms", "message", "field"), [
    ({"restriction_types": []}, "Choose at least one type of restriction.", "restriction_types"),
    ({"mandatory_services_route": "  "}, "Say how the customer can still reach mandatory services.", "mandatory_services_route"),
    ({"scope": "organisation_wide", "scope_justification": "  "}, "An organisation-wide restriction needs a justification.",
     "scope_justification"),
    ({"scope": ""}, "Choose the scope of the restriction.", "scope"),
])
def test_a_restriction_missing_a_term_is_refused(council, officer, incident, subject, terms, message, field):
    assert refusal(propose, officer=officer, council=council, incident=incident, person=subject,
                   restriction=b.restriction_details(**terms)) == (message, field)
    assert not Measure.objects.exists()


# --- Who needs to know ------------------------------------------------------------------------------

def test_the_distribution_is_kept_and_other_councils_incidents_are_left_out(council, other_council, officer, incident, subject,
                                                                            staff, user_with_role):
    housing = TeamFactory(council=council, name="Housing")
    partner = OrganisationFactory(name="Testshire Homes", slug="testshire-homes", kind=Organisation.Kind.PARTNER)
    earlier, not_on_the_case = b.incident(council, staff, subject), b.incident(council, staff, subject)
    theirs = b.incident(other_council, user_with_role(Role.STAFF, for_council=other_council))
    decision = b.decision_for(council, incident, officer)
    decision.case.incidents.add(earlier)
    distribution = services.Distribution(services=[housing], shared_with=[partner], other_incidents=[earlier, theirs, not_on_the_case])
    measure = propose(officer, council, incident, person=subject, distribution=distribution, decision=decision)
    assert list(measure.services.all()) == [housing]
    assert list(measure.shared_with.all()) == [partner]
    assert list(measure.other_incidents.all()) == [earlier]
