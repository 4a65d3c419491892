"""Requests to correct records (issue 17 item 3, R79): the DPO records a customer's dispute from the person's page,
the register entry then says it is disputed with the customer's statement beside it, the DPO refuses the request
with reasons, the outcome letter is prepared and the banner ends while the statement stays. axe on every page.
PostgreSQL (browser journeys run once)."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.letters.models import Event
from safecontact.rectification.models import RectificationRequest
from safecontact.register.tests import builders
from tests.e2e.journeys import fill_date

SAID = "I never threatened anyone on the phone"


def test_dpo_records_and_refuses_a_request_to_correct_a_record(live_server, page, council, user_with_role, sign_in_as, axe):
    subject = builders.person(council, given="Margaret", family="Okonkwo", at=builders.address(council))
    measure = builders.live_marker(council, user_with_role, subject=subject)
    dpo = user_with_role(Role.DPO, full_name="Priya Shah")
    today = timezone.localdate()

    sign_in_as(dpo)
    page.goto(live_server.url + f"/people/{subject.pk}/")
    page.get_by_role("link", name="Record a request to correct or restrict this record").click()
    expect(page.get_by_role("heading", name="Record a request to correct records")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Record the request").click()  # nothing filled in: the error summary
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Correct what we hold").check()
    page.get_by_label("Register entry concerned (optional)").select_option(label=str(measure))
    page.get_by_label("What the customer says is wrong").fill(SAID)
    fill_date(page, "Date received", f"{today.day}/{today.month}/{today.year}")
    page.get_by_label("Letter", exact=True).check()
    page.get_by_role("button", name="Record the request").click()
    item = RectificationRequest.objects.get()
    expect(page.get_by_role("heading", name=re.compile(f"Request {item.reference}"))).to_be_visible()
    axe(page)
    page.get_by_label("The customer's statement").fill("I was upset about my repairs, not threatening.")
    page.get_by_role("button", name="Save the statement").click()
    expect(page.get_by_text("is now shown beside the record")).to_be_visible()

    page.goto(live_server.url + f"/register/{measure.pk}/")
    expect(page.get_by_text(f"The customer disputes this record: {SAID}")).to_be_visible()
    expect(page.get_by_text("I was upset about my repairs, not threatening.")).to_be_visible()
    axe(page)

    page.goto(live_server.url + "/rectification/")
    expect(page.get_by_role("heading", name="Requests to correct records")).to_be_visible()
    expect(page.get_by_role("link", name=item.reference)).to_be_visible()
    axe(page)
    page.get_by_role("link", name=item.reference).click()
    page.get_by_label("Refused").check()
    page.get_by_label("Reasons").fill("Two members of staff heard the threat and noted it at the time.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The outcome letter is ready")).to_be_visible()
    axe(page)
    item.refresh_from_db()
    assert item.status == "refused" and item.outcome_letter.event == Event.RECTIFICATION_OUTCOME

    page.goto(live_server.url + f"/register/{measure.pk}/")
    expect(page.get_by_text("The customer disputes this record")).to_have_count(0)
    expect(page.get_by_text("I was upset about my repairs, not threatening.")).to_be_visible()
    axe(page)
