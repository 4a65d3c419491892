"""Steps several browser journeys share: a member of staff reports an incident, their manager triages and refers it,
a register officer links the person. Each step runs axe on every page it visits."""

import re

from playwright.sync_api import expect


def go_to(page, area, link=None):
    """Follow the service navigation by task: the area (Check, Report, Work queue, ...), then the page inside it
    from the area's sub-navigation. An area with one page has no sub-navigation: its link goes straight there."""
    page.locator(".govuk-service-navigation").get_by_role("link", name=area, exact=True).click()
    sub_navigation = page.locator(".app-sub-navigation")
    if link is not None and sub_navigation.count():
        sub_navigation.get_by_role("link", name=link, exact=True).click()


def radio(page, question, answer):
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def fill_date(page, question, typed):
    """A GOV.UK date input: the fieldset named `question`, its Day, Month and Year boxes filled from "d/m/yyyy"."""
    day, month, year = typed.split("/")
    group = page.get_by_role("group", name=question)
    for box, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(box, exact=True).fill(value)


def report_triage_and_link(*, live_server, page, sign_in_as, axe, staff, manager, officer) -> str:
    """Returns the incident's reference."""
    # 1. The member of staff reports.
    sign_in_as(staff)
    page.goto(live_server.url + "/")
    go_to(page, "Report", "Report an incident")
    axe(page)
    page.get_by_role("button", name="Start a new report").click()
    expect(page.get_by_role("heading", name="When and where")).to_be_visible()
    axe(page)
    fill_date(page, "Date it happened", "1/1/2099")
    page.get_by_label("Time it happened").fill("14:30")
    page.get_by_label("Where did it happen?").fill("Municipal Offices reception")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_text("The date it happened must be today or in the past").first).to_be_visible()
    expect(page.get_by_label("Where did it happen?")).to_have_value("Municipal Offices reception")
    axe(page)
    expect(page.get_by_role("group", name="Date it happened").get_by_label("Year", exact=True)).to_have_value("2099")
    fill_date(page, "Date it happened", "2/3/2026")
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

    return reference
