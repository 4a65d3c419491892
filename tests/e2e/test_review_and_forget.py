"""A live safety marker is reviewed → removal recommended → the Governance Group meets, builds its
agenda and decides to remove it → a check no longer finds it → the removal letter exists, with the
checklist of systems to clear. axe on every page."""

from datetime import date

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.letters.models import Letter
from safecontact.people.models import PersonAddress
from safecontact.register import services as register
from safecontact.register.models import Measure
from safecontact.register.tests import builders
from tests.e2e.journeys import fill_date


def test_review_governance_removal_check_and_letter(live_server, page, council, user_with_role, sign_in_as, axe):
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    approver = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel")
    manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rachel Green")
    member = user_with_role(Role.GOVERNANCE_MEMBER, full_name="Gwen Price")
    home = builders.address(council, line1="12 Mill Lane", postcode="GL50 1PQ")
    subject = builders.person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=home)
    PersonAddress.objects.filter(person=subject).update(is_correspondence=True, verified_on=date(2026, 1, 5))
    marker = builders.propose(actor=officer, council=council, originating_incident=builders.incident(council, staff, subject),
                                      person=subject, reasons="Threatened officers", marker=builders.marker_details())
    marker = register.measure_approve(actor=approver, measure=marker)

    # The owner reviews the entry and recommends removal.
    sign_in_as(officer)
    page.goto(f"{live_server.url}/reviews/entry/{marker.pk}/review/")
    axe(page)
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Recommend removal to the Governance Group").check()
    page.get_by_label("Reasons").fill("No incidents for five months; the tenancy has ended.")
    page.get_by_label("Tell the customer the outcome").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("Recommend removal to the Governance Group").first).to_be_visible()
    axe(page)
    marker.refresh_from_db()
    assert marker.status == Measure.Status.ACTIVE  # live until the Governance Group decides

    # The register manager plans today's meeting and builds its agenda.
    sign_in_as(manager)
    page.goto(f"{live_server.url}/governance/")
    axe(page)
    page.get_by_role("button", name="Plan a meeting").click()
    fill_date(page, "Date of the meeting", date.today().strftime("%d/%m/%Y"))
    page.get_by_label("Gwen Price").check()
    page.get_by_role("button", name="Plan the meeting").click()
    axe(page)
    page.get_by_role("button", name="Build the agenda").click()
    expect(page.get_by_text(marker.reference).first).to_be_visible()
    axe(page)
    meeting_url = page.url

    # A Governance Group member decides to remove it, after a confirmation.
    sign_in_as(member)
    page.goto(meeting_url)
    axe(page)
    page.get_by_role("link", name=f"Record the decision on {marker.reference}").click()
    axe(page)
    page.get_by_label("Remove from the register").check()
    page.get_by_label("Reasons").fill("No longer needed: no incidents since the tenancy ended.")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Remove {marker.reference} from the register?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Yes, remove the entry").click()
    expect(page.get_by_text("Removal letter")).to_be_visible()
    axe(page)
    marker.refresh_from_db()
    assert marker.status == Measure.Status.ENDED and marker.ended_reason == Measure.EndedReason.REMOVED

    # A staff member's check no longer finds it.
    sign_in_as(staff)
    page.goto(f"{live_server.url}/checks/")
    page.get_by_label("Full name").fill("William Harrington")
    fill_date(page, "Date of birth (optional)", "14/3/1971")
    page.get_by_label("Phone call").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="No live entry found")).to_be_visible()
    axe(page)

    # The removal letter is ready for the officer to issue.
    letter = Letter.objects.get(event="removal", measure=marker)
    sign_in_as(officer)
    page.goto(f"{live_server.url}/letters/{letter.pk}/")
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    axe(page)
