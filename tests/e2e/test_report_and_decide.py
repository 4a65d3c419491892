"""Report and decide, end to end: a member of staff reports, their manager triages and refers,
a register officer links the person, a decision-maker decides, and the reporter sees the outcome.
axe runs on every page."""

import re

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.incidents.models import BehaviourCategory
from tests.e2e.journeys import go_to, radio, report_triage_and_link


def test_report_triage_decision_and_the_reporter_sees_the_outcome(live_server, page, council, user_with_role, sign_in_as, axe):
    BehaviourCategory.objects.get_or_create(council=None, group="Threats and verbal", label="Threats to staff or their families")
    manager = user_with_role(Role.MANAGER, full_name="Morgan Hughes")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel", line_manager=manager)
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    decider = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")

    # 1-3. The member of staff reports, the manager triages and refers, the register officer links the person.
    reference = report_triage_and_link(live_server=live_server, page=page, sign_in_as=sign_in_as, axe=axe, staff=staff,
                                       manager=manager, officer=officer)

    # 4. The decision-maker opens the case and decides a formal warning.
    sign_in_as(decider)
    page.goto(live_server.url + "/")
    go_to(page, "Work queue", "Cases")
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
    go_to(page, "Report", "Your reports")
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
