"""Report and decide, end to end: a member of staff reports, their manager triages and refers,
a register officer links the person, a decision-maker decides, and the reporter sees the outcome.
axe runs on every page."""

import re

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.incidents.models import BehaviourCategory


def radio(page, question, answer):
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_report_triage_decision_and_the_reporter_sees_the_outcome(live_server, page, council, user_with_role, sign_in_as, axe):
    BehaviourCategory.objects.get_or_create(council=None, group="Threats and verbal", label="Threats to staff or their families")
    manager = user_with_role(Role.MANAGER, full_name="Morgan Hughes")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel", line_manager=manager)
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    decider = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")

    # 1. The member of staff reports.
    sign_in_as(staff)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Report an incident", exact=True).first.click()
    axe(page)
    page.get_by_role("button", name="Start a new report").click()
    expect(page.get_by_role("heading", name="When and where")).to_be_visible()
    axe(page)
    page.get_by_label("Date it happened").fill("1/1/2099")
    page.get_by_label("Time it happened").fill("14:30")
    page.get_by_label("Where did it happen?").fill("Municipal Offices reception")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_text("The date it happened must be today or in the past").first).to_be_visible()
    expect(page.get_by_label("Where did it happen?")).to_have_value("Municipal Offices reception")
    axe(page)
    page.get_by_label("Date it happened").fill("2/3/2026")
    radio(page, "How did the contact happen?", "Face to face")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="What happened")).to_be_visible()
    axe(page)
    page.get_by_label(re.compile("Threats to staff or their families")).check()
    page.get_by_label("What happened?").fill("The customer leaned over the counter and threatened me.")
    page.get_by_label("Exact words used (if any)").fill("I know where you park.")
    page.get_by_role("button", name="Save and continue").click()
    axe(page)
    page.get_by_label("Asked to leave or refused entry").check()
    radio(page, "Was anyone injured?", "No")
    radio(page, "Was any property damaged?", "No")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="The person")).to_be_visible()
    axe(page)
    page.get_by_label("First names").fill("Siân")
    page.get_by_label("Family name (surname)").fill("O'Brien-Ní Dhónaill")
    radio(page, "How do you know who they are?", "Identification seen")
    page.get_by_role("button", name="Save and continue").click()
    axe(page)
    radio(page, "Would you like support after this incident?", "Yes")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", name="Evidence")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before sending your report")).to_be_visible()
    expect(page.get_by_text("O'Brien-Ní Dhónaill")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert re.fullmatch(r"INC-\d{4}-\d{6}", reference)
    axe(page)

    # 2. The manager triages and refers.
    sign_in_as(manager)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Incidents awaiting your triage").click()
    axe(page)
    page.get_by_role("link", name=reference).click()
    axe(page)
    radio(page, "Was the customer's complaint or request handled properly?", "Yes")
    radio(page, "Was our communication with them adequate?", "Yes")
    radio(page, "Is there significant new information?", "No")
    radio(page, "Could a disability or communication need explain the behaviour?", "No")
    radio(page, "Outcome", "Refer to a decision-maker")
    page.get_by_role("button", name="Record triage").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # no reasons given
    axe(page)
    page.get_by_label("Reasons for the outcome").fill("A direct threat; the second this month.")
    page.get_by_role("button", name="Record triage").click()
    expect(page.get_by_text(f"Triage recorded for {reference}")).to_be_visible()
    axe(page)

    # 3. The register officer links the person.
    sign_in_as(officer)
    page.goto(live_server.url + "/incidents/all/")
    axe(page)
    page.get_by_role("link", name=reference).click()
    axe(page)
    page.get_by_role("link", name="Find or create the person").click()
    axe(page)
    page.get_by_role("button", name="Link the report").click()
    expect(page.get_by_text(f"{reference} is now linked to Siân O'Brien-Ní Dhónaill")).to_be_visible()
    axe(page)

    # 4. The decision-maker opens the case and decides a formal warning.
    sign_in_as(decider)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Cases", exact=True).first.click()
    axe(page)
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Open the case for a decision").click()
    expect(page.get_by_role("heading", name=re.compile(r"CASE-\d{4}-\d{6}"))).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Record a decision").click()
    axe(page)
    radio(page, "Decision", "Formal warning")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe(page)
    page.get_by_label("Reasons", exact=True).fill("Threatened a member of staff at the counter.")
    page.get_by_label("Policy clause relied on").fill("4.2 Threats to staff")
    page.get_by_label("Why lesser steps are not enough").fill("A direct threat about where the officer parks.")
    radio(page, "Was a warning given first?", "No")
    radio(page, "Is this the serious-threat route?", "No")
    page.get_by_label("Equality screen").fill("No disability or communication need known.")
    radio(page, "Is the person known to social care services?", "No, not known to social care")
    page.get_by_label("How the customer keeps access to services").fill("Contact by email through the housing inbox.")
    page.get_by_label("Formal warning: dated examples of the behaviour").fill("2/3/2026: threatened an officer at reception.")
    page.get_by_label("Formal warning: the change expected").fill("No threats to staff.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    axe(page)

    # 5. The reporter sees the outcome.
    sign_in_as(staff)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Your reports", exact=True).first.click()
    expect(page.get_by_text("Decided: formal warning")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("Decided: formal warning")).to_be_visible()
    axe(page)


def test_a_reporter_cannot_open_another_reporters_incident(live_server, page, council, user_with_role, sign_in_as, axe):
    from safecontact.incidents.tests.factories import submitted_incident

    BehaviourCategory.objects.get_or_create(council=None, group="Threats and verbal", label="Verbal abuse, swearing or shouting")
    incident = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    sign_in_as(user_with_role(Role.STAFF))
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe(page)
