"""Who could see this entry (R90): exactly the people the pages and checks would show it to, with the reason."""

from datetime import date, timedelta

from safecontact.access.policy import Role
from safecontact.accounts.models import DataSharingAgreement
from safecontact.disclosures.selectors import IN_FULL, PRECAUTIONS, entry_audience
from safecontact.register import services as register
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b


def _people(audience, sees):
    return {v.user for v in audience.viewers if v.sees == sees}


def _staff(user_with_role):
    """One person in each role, for the council; partners' people with their own organisations' agreements."""
    return {role: user_with_role(role) for role in Role}


def test_unshared_entry_is_seen_in_full_by_the_register_and_checked_by_the_councils_own_people(council, other_council, user_with_role, marker):
    people = _staff(user_with_role)
    user_with_role(Role.STAFF, for_council=other_council)  # another council's checker never appears
    audience = entry_audience(measure=Measure.objects.get(pk=marker.pk))
    register_roles = {Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.DECISION_MAKER, Role.HS_ADVISER, Role.GOVERNANCE_MEMBER,
                      Role.APPEALS_OFFICER, Role.DPO}
    assert _people(audience, IN_FULL) == {people[r] for r in register_roles} | {marker.proposed_by, marker.approved_by}
    own_checkers = {Role.STAFF, Role.MANAGER, Role.COUNCILLOR}
    assert _people(audience, PRECAUTIONS) == {people[r] for r in own_checkers} | {marker.originating_incident.reporter}
    assert people[Role.PARTNER] not in {v.user for v in audience.viewers}  # not shared with its organisation
    assert people[Role.SYSADMIN] not in {v.user for v in audience.viewers}
    assert audience.organisations == []
    reasons = {v.user: v.reasons for v in audience.viewers}
    assert reasons[people[Role.STAFF]] == ["Staff member: checks before contact"]
    assert reasons[people[Role.DPO]] == ["Data Protection Officer: opens register entries"]
    assert "Named on the entry as the officer to contact" in reasons[marker.owner]


def test_sharing_adds_the_partners_checkers_under_its_agreement(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    contractor = user_with_role(Role.CONTRACTOR)  # has an agreement, but the entry is not shared with it
    marker.shared_with.add(partner.organisation)
    audience = entry_audience(measure=marker)
    viewers = {v.user: v for v in audience.viewers}
    assert viewers[partner].sees == PRECAUTIONS
    assert viewers[partner].reasons == [f"Shared under the agreement with {partner.organisation.name}"]
    assert contractor not in viewers
    [organisation] = audience.organisations
    assert organisation.organisation == partner.organisation and organisation.sees and organisation.agreement is not None


def test_an_ended_agreement_shows_the_partner_nothing(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    marker.shared_with.add(partner.organisation)
    DataSharingAgreement.objects.filter(organisation=partner.organisation).update(ends_on=date.today() - timedelta(days=1),
                                                                                  starts_on=date.today() - timedelta(days=30))
    audience = entry_audience(measure=marker)
    assert partner not in {v.user for v in audience.viewers}
    assert not audience.organisations[0].sees


def test_named_contact_and_services_that_need_to_know_are_given_as_reasons(council, user_with_role, flagged):
    from safecontact.accounts.models import Team

    housing = Team.objects.create(council=council, name="Housing")
    officer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    named = user_with_role(Role.STAFF, team=housing)
    measure = b.propose(actor=officer, council=council, originating_incident=b.incident(council, user_with_role(Role.STAFF), flagged),
                        person=flagged, reasons="Abusive calls", restriction=b.restriction_details(single_point_of_contact=named),
                        distribution=register.Distribution(services=[housing]))
    audience = entry_audience(measure=measure)
    assert audience.would_be_live  # awaiting approval: who would be shown it once approved
    reasons = {v.user: v.reasons for v in audience.viewers}[named]
    assert reasons == ["Staff member: checks before contact", "Named contact", "Works in Housing, a service that needs to know"]
    register.measure_approve(actor=approver, measure=measure)


def test_ended_entry_is_shown_to_no_checker(council, user_with_role, marker):
    staff = user_with_role(Role.STAFF)
    register.measure_end(actor=None, measure=marker, reason="Removed by the Governance Group")
    audience = entry_audience(measure=Measure.objects.get(pk=marker.pk))
    assert not audience.would_be_live and audience.checkers == [] and staff not in {v.user for v in audience.viewers}
    assert audience.systems == []
