"""Issue 11, the loop closed in the browser: staff reports → manager triages → officer links → decision-maker decides
"propose a safety marker" → officer proposes from the decision (person and incident filled in) → decision-maker
approves from their home page → the customer's letter is prepared → an officer issues it; then a review varies the
precautions and a staff check shows the new ones. axe on every page. PostgreSQL (browser journeys run once)."""

import re
from datetime import date

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.incidents.models import BehaviourCategory
from safecontact.letters.models import Letter
from safecontact.people.matching_records import refresh_search_keys
from safecontact.people.models import Address, Person, PersonAddress
from safecontact.register.models import Measure
from tests.e2e.journeys import fill_date, go_to, radio, report_triage_and_link


def test_from_a_report_to_a_varied_marker_that_checks_show(live_server, page, council, user_with_role, sign_in_as, axe):
    BehaviourCategory.objects.get_or_create(council=None, group="Threats and verbal", label="Threats to staff or their families")
    manager = user_with_role(Role.MANAGER, full_name="Morgan Hughes")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel", line_manager=manager)
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    decider = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    checker = user_with_role(Role.STAFF, full_name="Chris Lee")

    reference = report_triage_and_link(live_server=live_server, page=page, sign_in_as=sign_in_as, axe=axe, staff=staff,
                                       manager=manager, officer=officer)
    # The customer's correspondence address (recorded on their record; not part of this journey).
    person = Person.objects.get(council=council, family_name="O'Brien-Ní Dhónaill")
    Person.objects.filter(pk=person.pk).update(date_of_birth=date(1984, 11, 2))
    refresh_search_keys(Person.objects.get(pk=person.pk))
    home = Address.objects.create(council=council, line1="3 Church Road", town="Cheltenham", postcode="GL50 2AB")
    PersonAddress.objects.create(person=person, address=home, from_date=date(2019, 4, 1), is_correspondence=True,
                                 verified_on=date(2026, 1, 5))

    # 4. The decision-maker opens the case and decides to propose a safety marker.
    sign_in_as(decider)
    page.goto(live_server.url + "/")
    go_to(page, "Work queue", "Cases")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Open the case for a decision").click()
    expect(page.get_by_role("heading", name=re.compile(r"CASE-\d{4}-\d{6}"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Record a decision").click()
    radio(page, "Decision", "Propose a safety marker")
    page.get_by_label("Reasons", exact=True).fill("Threatened a member of staff at the counter, after an informal warning.")
    page.get_by_label("Policy clause relied on").fill("4.2 Threats to staff")
    page.get_by_label("Why lesser steps are not enough").fill("The informal warning did not stop the threats.")
    radio(page, "Was a warning given first?", "Yes")
    radio(page, "Is this the serious-threat route?", "No")
    page.get_by_label("Equality screen").fill("No disability or communication need known.")
    radio(page, "Is the person known to social care services?", "No, not known to social care")
    page.get_by_label("How the customer keeps access to services").fill("Contact by email through the housing inbox.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    axe(page)

    # 5. The register officer proposes the marker from the decision: the customer and the incident are filled in.
    sign_in_as(officer)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Decisions waiting for a register entry to be proposed").click()
    axe(page)
    page.get_by_role("link", name=re.compile("Propose the safety marker")).click()
    expect(page.get_by_text("Siân O'Brien-Ní Dhónaill (born 2 November 1984; 3 Church Road, GL50 2AB)")).to_be_visible()
    expect(page.get_by_label("Incident this rests on")).to_have_value(re.compile(".+"))
    axe(page)
    page.get_by_label("Reasons").fill("Threats to staff at the counter after an informal warning.")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the impact")  # no default risk score
    axe(page)
    page.get_by_label("Impact (1 to 5)").select_option("4")
    page.get_by_label("Likelihood (1 to 6)").select_option("3")
    page.get_by_label("Risk, in a sentence or two").fill("Threatened staff at the counter twice this month.")
    page.get_by_label("Visit in pairs").check()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("sent to a decision-maker for approval")).to_be_visible()
    axe(page)
    measure = Measure.objects.get(person=person)
    assert measure.decision is not None and measure.decision.case.person == person

    # 6. The decision-maker approves it from their home page; the customer's letter is prepared.
    sign_in_as(decider)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Register entries awaiting your approval").click()
    axe(page)
    page.get_by_role("link", name=measure.reference).click()
    axe(page)
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(page.get_by_text("is prepared for a register officer to check and issue")).to_be_visible()
    axe(page)
    letter = Letter.objects.get(measure=measure)

    # 7. The register officer issues the letter.
    sign_in_as(officer)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Letters prepared but not issued").click()
    axe(page)
    page.get_by_role("link", name=letter.reference).click()
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    axe(page)
    page.get_by_role("radio", name="Posted by the council").check()
    page.get_by_label("I have checked that this correspondence address is current").check()
    page.get_by_role("button", name="Issue the letter").click()
    expect(page.get_by_text("issued.")).to_be_visible()
    axe(page)
    letter.refresh_from_db()
    assert letter.issued_at is not None and letter.pdf_sha256

    # 8. A review varies the precautions; a staff check shows the new ones.
    vary_at_review(live_server=live_server, page=page, sign_in_as=sign_in_as, axe=axe, officer=officer, measure=measure)
    sign_in_as(checker)
    page.goto(f"{live_server.url}/checks/")
    page.get_by_label("Full name").fill("Siân O'Brien-Ní Dhónaill")
    fill_date(page, "Date of birth (optional)", "2/11/1984")
    page.get_by_label("Phone call").check()
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Precautions apply")).to_be_visible()
    expect(page.get_by_text("Meet only at council offices")).to_be_visible()
    expect(page.get_by_text("Visit in pairs")).to_have_count(0)
    axe(page)


def vary_at_review(*, live_server, page, sign_in_as, axe, officer, measure) -> None:
    """The owner reviews the entry and varies its precautions: a new version, which checks show from the commit."""
    sign_in_as(officer)
    page.goto(f"{live_server.url}/register/{measure.pk}/")
    axe(page)
    page.goto(f"{live_server.url}/reviews/entry/{measure.pk}/review/")
    expect(page.get_by_label("Visit in pairs")).to_be_checked()  # the form starts from the current terms
    axe(page)
    page.get_by_label("Vary (change the terms)").check()
    page.get_by_label("Reasons", exact=True).fill("No visits needed: the tenancy is managed from the council offices now.")
    page.get_by_label("If varying: why the terms change").fill("Meetings only at the council offices from now on.")
    page.get_by_label("Visit in pairs").uncheck()
    page.get_by_label("Meet only at council offices").check()
    page.get_by_label("Tell the customer the outcome").check()
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    axe(page)
    page.goto(f"{live_server.url}/register/{measure.pk}/")
    expect(page.get_by_text("Varied at review").first).to_be_visible()
    axe(page)
    measure.refresh_from_db()
    assert [p.label for p in measure.precautions.all()] == ["Meet only at council offices"]
    assert measure.versions.count() == 2
