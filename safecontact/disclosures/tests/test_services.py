"""The disclosure log is written with the disclosure (R92): a partner's or contractor's check that shows precautions,
an entry shared with a partner when it goes live. Nothing is logged for the council's own people."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from safecontact.access.policy import Role
from safecontact.accounts.models import DataSharingAgreement
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.checks.services_api import api_client_create
from safecontact.core.tests.factories import OrganisationFactory
from safecontact.disclosures import selectors, services
from safecontact.disclosures.models import DataItem, Disclosure
from safecontact.disclosures.tests.conftest import QUERY
from safecontact.register import services as register
from safecontact.register.tests import builders as b


def run(actor, council, **fields):
    return check_run(actor=actor, council=council, query=CheckQuery(purpose="home_visit", **fields))


def test_partner_check_with_precautions_writes_one_disclosure_with_agreement_and_data_items(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    marker.shared_with.add(partner.organisation)
    result = run(partner, council, **QUERY)
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY
    disclosure = Disclosure.objects.get()
    agreement = DataSharingAgreement.objects.get(council=council, organisation=partner.organisation)
    assert disclosure.route == Disclosure.Route.CHECK_ANSWER and disclosure.check_made == result.check
    assert disclosure.council == council and disclosure.agreement == agreement
    assert disclosure.recipient_user == partner and disclosure.recipient_organisation == partner.organisation
    assert disclosure.measure == marker and disclosure.entry_reference == marker.reference and disclosure.person == marker.person
    assert disclosure.data_items == [DataItem.EXISTENCE, DataItem.RISK_LEVEL, DataItem.PRECAUTIONS, DataItem.ADVICE,
                                     DataItem.REVIEW_DATE, DataItem.OFFICER]
    assert "Precautions" in disclosure.data_item_labels and "Article 6(1)(e)" in disclosure.legal_basis


def test_contractor_shown_a_restriction_is_logged_with_its_named_contact(council, user_with_role, flagged):
    officer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    contractor = user_with_role(Role.CONTRACTOR)
    restriction = b.restriction_details(single_point_of_contact=officer, phone_limits="Tuesdays 10-12")
    measure = b.propose(actor=officer, council=council, originating_incident=b.incident(council, user_with_role(Role.STAFF), flagged),
                        person=flagged, reasons="Abusive calls", restriction=restriction,
                        distribution=register.Distribution(shared_with=[contractor.organisation]))
    register.measure_approve(actor=approver, measure=measure)
    Disclosure.objects.all().delete()  # the sharing at approval, tested below
    run(contractor, council, **QUERY)
    assert Disclosure.objects.get().data_items == [DataItem.EXISTENCE, DataItem.RESTRICTION_TYPE, DataItem.NAMED_CONTACT,
                                                   DataItem.CONTACT_LIMITS, DataItem.REVIEW_DATE, DataItem.OFFICER]


@pytest.mark.parametrize("role", [Role.STAFF, Role.COUNCILLOR, Role.REGISTER_OFFICER])
def test_the_councils_own_checks_write_no_disclosure(council, user_with_role, marker, role):
    assert run(user_with_role(role), council, **QUERY).outcome == Check.Outcome.PRECAUTIONS_APPLY
    assert not Disclosure.objects.exists()


def test_partner_shown_nothing_writes_nothing(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)  # the entry is not shared with it: a possible match, no precautions
    assert run(partner, council, **QUERY).outcome == Check.Outcome.POSSIBLE_MATCH
    assert not Disclosure.objects.exists()


def test_partner_system_check_is_logged_with_the_system_and_who_it_asked_for(council, user_with_role, marker):
    partner_org = user_with_role(Role.PARTNER).organisation
    marker.shared_with.add(partner_org)
    client, _ = api_client_create(name="Homes CRM", council=council, organisation=partner_org)
    run(client, council, requested_by="Sam Patel", **QUERY)
    disclosure = Disclosure.objects.get()
    assert disclosure.recipient_api_client == client and disclosure.recipient_user is None
    assert disclosure.recipient_name == f"Homes CRM ({partner_org.name}), for Sam Patel"


def test_approving_an_entry_shared_with_partners_logs_each_with_a_current_agreement(council, user_with_role, flagged):
    officer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    partner = user_with_role(Role.PARTNER).organisation
    lapsed = OrganisationFactory(name="Old Repairs Ltd", slug="old-repairs", kind="contractor")
    DataSharingAgreement.objects.create(council=council, organisation=lapsed, purpose="Repairs", what_may_be_shared="Precautions",
                                        starts_on=date.today() - timedelta(days=400), ends_on=date.today() - timedelta(days=1),
                                        recorded_by=approver)
    measure = b.propose(actor=officer, council=council, originating_incident=b.incident(council, user_with_role(Role.STAFF), flagged),
                        person=flagged, reasons="Threats", marker=b.marker_details(),
                        distribution=register.Distribution(shared_with=[partner, lapsed]))
    assert not Disclosure.objects.exists()  # proposed: nobody outside sees it yet
    register.measure_approve(actor=approver, measure=measure)
    disclosure = Disclosure.objects.get()
    assert disclosure.route == Disclosure.Route.SHARED_ENTRY and disclosure.recipient_organisation == partner
    assert disclosure.authorised_by == approver and disclosure.agreement.organisation == partner
    assert disclosure.recipient_user is None and DataItem.PRECAUTIONS in disclosure.data_items


def test_interim_marker_shared_with_a_partner_is_logged_at_once(council, user_with_role, flagged):
    from safecontact.register.services_interim import measure_interim_approve

    partner = user_with_role(Role.PARTNER).organisation
    incident = b.incident(council, user_with_role(Role.STAFF), flagged)
    measure = measure_interim_approve(actor=user_with_role(Role.DECISION_MAKER), council=council, incident=incident,
                                      reason="Threat with a knife", marker=b.marker_details(),
                                      distribution=register.Distribution(shared_with=[partner]))
    assert Disclosure.objects.get().measure == measure


def test_the_log_outlives_the_check_it_records(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    marker.shared_with.add(partner.organisation)
    check = run(partner, council, **QUERY).check
    Check.objects.filter(pk=check.pk).delete()  # as retention disposes of the check log
    disclosure = Disclosure.objects.get()
    assert disclosure.check_made is None and disclosure.entry_reference == marker.reference


def test_log_is_scoped_to_its_council(council, other_council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    marker.shared_with.add(partner.organisation)
    run(partner, council, **QUERY)
    assert selectors.disclosure_list(council=council).count() == 1
    assert not selectors.disclosure_list(council=other_council).exists()
    agreement = DataSharingAgreement.objects.get(council=council)
    with pytest.raises(Http404):
        selectors.agreement_get_for(council=other_council, id=agreement.pk)
    assert not selectors.disclosure_list(council=other_council, agreement_id=agreement.pk).exists()


def test_filters_by_agreement_partner_and_dates(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    marker.shared_with.add(partner.organisation)
    run(partner, council, **QUERY)
    agreement = DataSharingAgreement.objects.get(council=council, organisation=partner.organisation)
    today = date.today()
    assert selectors.disclosure_list(council=council, agreement_id=agreement.pk).count() == 1
    assert selectors.disclosure_list(council=council, organisation_id=partner.organisation.pk).count() == 1
    assert selectors.disclosure_list(council=council, organisation_id=council.pk).count() == 0
    assert selectors.disclosure_list(council=council, since=today, until=today).count() == 1
    assert selectors.disclosure_list(council=council, since=today + timedelta(days=1)).count() == 0
    summary = selectors.agreement_disclosures(agreement=agreement)
    assert (summary.total, summary.entries, summary.people) == (1, 1, 1)
    assert summary.by_route == [("Answer to a check", 1)]


def test_the_download_is_audited(council, user_with_role):
    dpo = user_with_role(Role.DPO)
    services.disclosure_log_exported(actor=dpo, council=council, rows=3, filters={"since": "2026-11-01"})
    event = AuditEvent.objects.get(event_type="disclosure.log_exported")
    assert event.data == {"rows": 3, "since": "2026-11-01"} and event.actor_id == dpo.pk
