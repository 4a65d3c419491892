"""Officer proposes a marker → decision-maker approves → staff check with a misspelt name and a
nickname finds it → a councillor's home-visit check finds it by address. axe on every page."""

from datetime import date

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.checks.models import Check
from safecontact.register.tests import builders
from tests.e2e.journeys import fill_date, go_to


def test_marker_proposed_approved_and_found_by_checks(live_server, page, council, user_with_role, sign_in_as, axe):
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    approver = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel")
    councillor = user_with_role(Role.COUNCILLOR, full_name="Cllr Evans")
    home = builders.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    subject = builders.person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=home)
    incident = builders.incident(council, staff, subject)
    decision = builders.decision_for(council, incident, approver)  # decided on the case (issue 11)

    sign_in_as(officer)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Register", exact=True).click()
    axe(page)
    page.get_by_role("link", name="Propose an entry from a decision").click()
    axe(page)
    page.get_by_role("link", name=f"Propose the safety marker for {decision.case.reference}").click()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Incident this rests on").select_option(value=str(incident.pk))
    page.get_by_label("Reasons").fill("Threatened two officers on home visits")
    page.get_by_label("Impact (1 to 5)").select_option("4")
    page.get_by_label("Likelihood (1 to 6)").select_option("4")
    page.get_by_label("Risk, in a sentence or two").fill("Threatened staff with a dog on two visits.")
    page.get_by_label("Visit in pairs").check()
    page.get_by_label("Advice for the person checking").fill("Phone first; do not enter if the dog is loose.")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("sent to a decision-maker for approval")).to_be_visible()
    axe(page)

    sign_in_as(approver)
    page.goto(live_server.url + "/register/?status=awaiting_approval")
    page.get_by_role("link", name="PSR-").first.click()
    axe(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("is live on the register")).to_be_visible()
    axe(page)

    sign_in_as(staff)
    page.goto(live_server.url + "/")
    go_to(page, "Check", "Check before contact")
    axe(page)
    page.get_by_label("Full name").fill("Bill Harington")
    fill_date(page, "Date of birth (optional)", "14/3/1971")
    page.get_by_label("Phone call").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Precautions apply")).to_be_visible()
    expect(page.get_by_text("Visit in pairs")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="I have read the precautions").click()
    expect(page.get_by_text("Your acknowledgement is recorded")).to_be_visible()
    axe(page)

    sign_in_as(councillor)
    page.goto(live_server.url + "/checks/")
    page.get_by_role("link", name="Find an address by postcode").click()
    page.get_by_label("Postcode").fill("gl50 1pq")
    page.get_by_role("button", name="Find addresses").click()
    axe(page)
    with page.expect_navigation():  # the check form, pre-filled with the chosen address
        page.get_by_role("link", name="12 Mill Lane").click()
    page.wait_for_load_state("load")
    page.get_by_label("Home visit").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Precautions apply")).to_be_visible()
    axe(page)


def test_no_entry_and_possible_match_pages_pass_axe(live_server, page, council, user_with_role, sign_in_as, axe):
    subject = builders.person(council, given="Margaret", family="Okonkwo", dob=date(1960, 5, 1), at=builders.address(council))
    builders.live_marker(council, user_with_role, subject=subject)
    CouncilSettings.objects.update_or_create(council=council, defaults={
        "customer_relations_contact": "Rachel Green", "customer_relations_phone": "01632 960 123",
        "customer_relations_hours": "Monday to Friday, 9am to 5pm"})
    sign_in_as(user_with_role(Role.STAFF))
    for name, heading in (("Zara Quill", "No live entry found"), ("Peggy Okonkwo", "Possible match")):
        page.goto(live_server.url + "/checks/")
        page.get_by_label("Full name").fill(name)
        page.get_by_label("Postcode (optional)").fill("SW1A 1AA")
        page.get_by_label("Meeting or surgery").check()
        page.get_by_role("button", name="Check").click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        axe(page)
    # The possible match is not a dead end: a reference to quote, who to call and when, and what happens next.
    check = Check.objects.order_by("-created_at").first()
    assert check is not None and check.outcome == "possible_match"
    expect(page.get_by_text(check.reference)).to_be_visible()
    expect(page.get_by_role("link", name="01632 960 123")).to_be_visible()
    expect(page.get_by_text("Monday to Friday, 9am to 5pm")).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()


def test_postcode_look_up_on_the_check_page_posts_the_postcode(live_server, page, council, user_with_role, sign_in_as, axe):
    builders.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    sign_in_as(user_with_role(Role.STAFF))
    lookups = []
    page.on("request", lambda request: lookups.append((request.method, request.url)) if "address-lookup" in request.url else None)
    page.goto(live_server.url + "/checks/")
    page.get_by_label("Postcode (optional)").fill("GL50 1PQ")
    expect(page.get_by_label("Choose the address")).to_be_visible()
    page.get_by_label("Choose the address").select_option(label="12 Mill Lane, Cheltenham")
    expect(page.get_by_label("Address (optional)")).to_have_value("12 Mill Lane")
    expect(page.get_by_label("UPRN (optional)")).to_have_value("100120001234")
    axe(page)
    # The postcode travels in the request body: a postcode in a URL would reach the access logs.
    assert lookups and all(method == "POST" and "GL50" not in url for method, url in lookups)
