"""The possible-match desk (issue 15): a councillor's check gives a possible match → the register officer answers
"not the same person" from their queue → the councillor's check page shows no live entry found, and the same query
again answers at once. axe on every page."""

from datetime import date

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.checks.models import Check, PossibleMatchReview
from safecontact.register.tests import builders


def _check(page, live_server, name, postcode):
    page.goto(live_server.url + "/checks/")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Postcode (optional)").fill(postcode)
    page.get_by_label("Meeting or surgery").check()
    page.get_by_role("button", name="Check").click()


def test_possible_match_answered_not_the_same_person(live_server, page, council, user_with_role, sign_in_as, axe):
    subject = builders.person(council, given="Margaret", family="Okonkwo", dob=date(1960, 5, 1), at=builders.address(council))
    builders.live_marker(council, user_with_role, subject=subject)
    CouncilSettings.objects.update_or_create(council=council, defaults={
        "customer_relations_contact": "Rachel Green", "customer_relations_phone": "01632 960 123",
        "customer_relations_hours": "Monday to Friday, 9am to 5pm"})
    councillor = user_with_role(Role.COUNCILLOR, full_name="Cllr Evans")
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Rachel Green")

    sign_in_as(councillor)
    _check(page, live_server, "Peggy Okonkwo", "SW1A 1AA")
    expect(page.get_by_role("heading", name="Possible match")).to_be_visible()
    expect(page.get_by_text("Customer Relations has your possible match")).to_be_visible()
    axe(page)
    check_url = page.url
    check = Check.objects.get(checker=councillor)

    sign_in_as(officer)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Possible matches to resolve").click()
    expect(page.get_by_role("heading", name="Possible matches to answer")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=check.reference).click()
    expect(page.get_by_role("heading", name="Is this the person on the register?")).to_be_visible()
    expect(page.get_by_text("Why it matched")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Send the answer").click()  # nothing chosen: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Not the same person").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is recorded")).to_be_visible()
    expect(page.get_by_text("There are no possible matches waiting for an answer")).to_be_visible()
    axe(page)
    assert PossibleMatchReview.objects.get(source_check=check).status == "not_same_person"

    sign_in_as(councillor)
    page.goto(check_url)
    expect(page.get_by_role("heading", name="No live entry found")).to_be_visible()
    expect(page.get_by_text("Customer Relations has answered")).to_be_visible()
    axe(page)
    _check(page, live_server, "Peggy Okonkwo", "SW1A 1AA")  # the same person again: answered at once
    expect(page.get_by_role("heading", name="No live entry found")).to_be_visible()
    axe(page)
    assert PossibleMatchReview.objects.count() == 1
