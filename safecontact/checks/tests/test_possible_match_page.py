"""The possible-match page is not a dead end (issue 14): a check reference to quote, the Customer Relations contact's
name, phone and hours from the council settings, and what happens next, for staff and contractors alike. The
council settings page requires the contact; the demo fills it in."""

from datetime import date

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.checks.models import REFERENCE_ALPHABET, Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.register.tests import builders as b


@pytest.fixture
def contact(council):
    CouncilSettings.objects.update_or_create(council=council, defaults={
        "customer_relations_contact": "Rachel Green", "customer_relations_phone": "01632 960 123",
        "customer_relations_hours": "Monday to Friday, 9am to 5pm"})


@pytest.fixture
def marker(council, user_with_role):
    subject = b.person(council, given="Margaret", family="Okonkwo", dob=date(1960, 5, 1), at=b.address(council))
    return b.live_marker(council, user_with_role, subject=subject)


def _possible_match(user, council):
    result = check_run(actor=user, council=council, query=CheckQuery(purpose="meeting", name="Peggy Okonkwo", postcode="SW1A 1AA"))
    assert result.outcome == Check.Outcome.POSSIBLE_MATCH
    return result.check


@pytest.mark.parametrize("role", [Role.STAFF, Role.CONTRACTOR])
def test_the_possible_match_page_gives_a_reference_the_contact_and_what_happens_next(
        council, user_with_role, client_for, contact, marker, role):
    checker = user_with_role(role)
    check = _possible_match(checker, council)
    page = client_for(checker).get(reverse("checks:result", args=[check.pk])).content.decode()
    assert check.reference in page
    assert "Rachel Green" in page and 'href="tel:01632960123"' in page and "Monday to Friday, 9am to 5pm" in page
    assert "What happens next" in page
    assert marker.owner.full_name not in page  # the officer's name alone is not the answer


def test_every_check_gets_its_own_readable_reference(council, user_with_role, marker):
    staff = user_with_role(Role.STAFF)
    first, second = _possible_match(staff, council), _possible_match(staff, council)
    assert first.reference != second.reference
    code = first.reference.removeprefix("CHK-").replace("-", "")
    assert first.reference.startswith("CHK-") and len(code) == 8 and set(code) <= set(REFERENCE_ALPHABET)


def test_precautions_name_customer_relations_with_their_phone(council, user_with_role, contact, marker):
    result = check_run(actor=user_with_role(Role.STAFF), council=council,
                       query=CheckQuery(purpose="home_visit", name="Margaret Okonkwo", date_of_birth=date(1960, 5, 1)))
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY
    assert "Rachel Green, on 01632 960 123" in result.entries[0].contact


def test_the_council_settings_form_requires_the_contact(council, user_with_role, client_for):
    manager = user_with_role(Role.REGISTER_MANAGER)
    client = client_for(manager)
    assert "Add the Customer Relations contact" in client.get(reverse("accounts:council_settings")).content.decode()
    row = CouncilSettings.objects.get(council=council)
    fields = {"register_name": row.register_name, "review_interval_months": 6, "triage_target_working_days": 5,
              "appeal_window_working_days": 10, "appeal_decision_working_days": 10, "ended_measure_retention_months": 6}
    page = client.post(reverse("accounts:council_settings_edit"), fields).content.decode()
    assert "Enter the Customer Relations phone number" in page and "Enter the hours Customer Relations answers the phone" in page
    response = client.post(reverse("accounts:council_settings_edit"), {
        **fields, "customer_relations_contact": "Rachel Green", "customer_relations_phone": "01632 960 123",
        "customer_relations_hours": "Weekdays 9 to 5"})
    assert response.status_code == 302
    assert CouncilSettings.objects.get(council=council).customer_relations_phone == "01632 960 123"
    assert "Add the Customer Relations contact" not in client.get(reverse("accounts:council_settings")).content.decode()


def test_the_demo_fills_in_the_contact_for_both_councils(council, other_council):
    from safecontact.accounts.demo import seed_customer_relations

    CouncilSettings.objects.update_or_create(council=other_council, defaults={"customer_relations_phone": "0300 000 0000"})
    seed_customer_relations(council=council, second=other_council)
    ours, theirs = CouncilSettings.objects.get(council=council), CouncilSettings.objects.get(council=other_council)
    assert ours.customer_relations_contact and ours.customer_relations_phone and ours.customer_relations_hours
    assert theirs.customer_relations_phone == "0300 000 0000" and theirs.customer_relations_hours  # an edit is kept
