from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_acknowledge, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.register import services as register
from safecontact.register.tests import builders as b


@pytest.fixture
def home(council):
    return b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")


@pytest.fixture
def flagged(council, home):
    return b.person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=home)


@pytest.fixture
def marker(council, user_with_role, flagged):
    return b.live_marker(council, user_with_role, subject=flagged)


def run(actor, council, **fields):
    return check_run(actor=actor, council=council, query=CheckQuery(purpose=fields.pop("purpose", "home_visit"), **fields))


def test_misspelt_name_and_nickname_with_date_of_birth_gives_precautions(council, user_with_role, marker):
    staff = user_with_role(Role.STAFF)
    result = run(staff, council, name="Bill Harington", date_of_birth=date(1971, 3, 14))
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY
    entry = result.entries[0]
    assert entry.risk_band == "high" and "Visit in pairs" in entry.precautions
    assert entry.review_due == marker.review_due
    assert not hasattr(entry, "account")  # no narrative reaches a checker


def test_councillor_finds_it_by_address_alone(council, user_with_role, marker):
    councillor = user_with_role(Role.COUNCILLOR)
    result = run(councillor, council, address="12 Mill Lane", postcode="gl501pq")
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY
    assert run(councillor, council, uprn="100120001234").outcome == Check.Outcome.PRECAUTIONS_APPLY


def test_namesake_with_a_different_date_of_birth_is_not_flagged(council, user_with_role, marker):
    result = run(user_with_role(Role.STAFF), council, name="William Harrington", date_of_birth=date(1990, 7, 2), postcode="SW1A 1AA")
    assert result.outcome != Check.Outcome.PRECAUTIONS_APPLY


def test_name_alone_with_a_postcode_elsewhere_is_at_most_a_possible_match(council, user_with_role, marker):
    result = run(user_with_role(Role.STAFF), council, name="William Harrington", postcode="GL51 9ZZ")
    assert result.outcome == Check.Outcome.POSSIBLE_MATCH
    assert result.entries == []


def test_nobody_on_the_register_gives_no_entry(council, user_with_role, marker):
    result = run(user_with_role(Role.STAFF), council, name="Priya Chaudhry", date_of_birth=date(1985, 1, 1))
    assert result.outcome == Check.Outcome.NO_ENTRY


def test_partner_sees_precautions_only_of_measures_shared_with_it(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER)
    query = {"name": "William Harrington", "date_of_birth": date(1971, 3, 14)}
    assert run(partner, council, **query).outcome == Check.Outcome.POSSIBLE_MATCH  # never "no entry"
    marker.shared_with.add(partner.organisation)
    assert run(partner, council, **query).outcome == Check.Outcome.PRECAUTIONS_APPLY


def test_ended_measure_is_withdrawn_from_checks_at_once(council, user_with_role, marker):
    staff = user_with_role(Role.STAFF)
    query = {"name": "William Harrington", "date_of_birth": date(1971, 3, 14)}
    assert run(staff, council, **query).outcome == Check.Outcome.PRECAUTIONS_APPLY
    register.measure_end(actor=None, measure=marker, reason="Governance Group: removed")
    assert run(staff, council, **query).outcome == Check.Outcome.NO_ENTRY


def test_other_councils_register_is_invisible(council, other_council, user_with_role, marker):
    elsewhere = user_with_role(Role.STAFF, for_council=other_council)
    result = run(elsewhere, other_council, name="William Harrington", date_of_birth=date(1971, 3, 14))
    assert result.outcome == Check.Outcome.NO_ENTRY


def test_every_check_is_recorded_and_audited_without_the_search_text(council, user_with_role, marker):
    staff = user_with_role(Role.STAFF)
    result = run(staff, council, name="Bill Harrington", date_of_birth=date(1971, 3, 14), planned_for=date(2026, 12, 1))
    check = result.check
    assert check.checker == staff and check.query_name == "Bill Harrington" and list(check.measures.all()) == [marker]
    event = AuditEvent.objects.get(event_type="check.run", subject_id=str(check.pk))
    assert event.data["outcome"] == "precautions_apply" and "Bill" not in str(event.data)
    check_acknowledge(actor=staff, check=check)
    assert AuditEvent.objects.filter(event_type="check.acknowledged").count() == 1


@pytest.mark.parametrize("fields,field", [
    ({"name": "William Harrington"}, "name"),  # a name alone is browsing
    ({}, "name"),
    ({"name": "W H", "postcode": "not a postcode"}, "postcode"),
])
def test_a_check_needs_a_specific_identifier(council, user_with_role, fields, field):
    with pytest.raises(ApplicationError) as error:
        run(user_with_role(Role.STAFF), council, **fields)
    assert error.value.field == field


def test_address_only_hazard_is_found_by_uprn(council, user_with_role):
    dog_house = b.address(council, line1="3 Kennel Row", postcode="GL52 2AB", uprn="100120009999")
    b.live_marker(council, user_with_role, premises=dog_house, risk_description="Dangerous dog kept at the property.")
    result = run(user_with_role(Role.CONTRACTOR), council, uprn="100120009999")
    assert result.outcome == Check.Outcome.POSSIBLE_MATCH  # not shared with the contractor
    result = run(user_with_role(Role.STAFF), council, address="3 Kennel Row", postcode="GL52 2AB")
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY
