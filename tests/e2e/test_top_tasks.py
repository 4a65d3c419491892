"""Each role's top task, counted in clicks (issue 14): from the role's home page, by visible links and buttons only
(no typed addresses after the start), every click and form submission counted; typing does not count. The bounds are
what the journeys take today, so a change that adds a click fails here. The README's "How many clicks" table lists them.
axe on every page. PostgreSQL (browser journeys run once)."""

import re

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.audit.services import audit_access
from safecontact.incidents.models import BehaviourCategory
from safecontact.incidents.services_triage import incident_triage
from safecontact.incidents.tests.factories import submitted_incident
from safecontact.register.models import Measure
from safecontact.register.tests import builders
from tests.e2e.journeys import fill_date, radio

CHECK_THEN_REPORT = 11
LINK_AND_PROPOSE = 8
DECIDE_AND_APPROVE = 9
WHO_VIEWED_A_PERSON = 5


class Clicks:
    """Clicks on a page, counted: `clicks(locator)` clicks it (a link, a button, a submission) and adds one."""

    def __init__(self, page, axe):
        self.page, self.axe, self.count = page, axe, 0

    def __call__(self, locator) -> None:
        locator.click()
        self.count += 1
        self.page.wait_for_load_state()
        self.axe(self.page)


def _start_at_home(page, live_server, sign_in_as, axe, user) -> Clicks:
    sign_in_as(user)
    page.goto(live_server.url + "/")
    axe(page)
    return Clicks(page, axe)


def _report(page, click) -> None:
    """The report form, section by section, as quickly as a member of staff can send it."""
    click(page.get_by_role("button", name="Start a new report"))
    expect(page.get_by_role("heading", name="When and where")).to_be_visible()
    fill_date(page, "Date it happened", "2/3/2026")
    page.get_by_label("Time it happened").fill("14:30")
    page.get_by_label("Where did it happen?").fill("12 Mill Lane, on a home visit")
    radio(page, "How did the contact happen?", "Home visit")
    click(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", name="What happened")).to_be_visible()
    page.get_by_label(re.compile("Threats to staff or their families")).check()
    page.get_by_label("What happened?").fill("The tenant shouted and threatened me at the door.")
    click(page.get_by_role("button", name="Save and continue"))
    page.get_by_label("Asked to leave or refused entry").check()
    radio(page, "Was anyone injured?", "No")
    radio(page, "Was any property damaged?", "No")
    click(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", name="The person")).to_be_visible()
    page.get_by_label("First names").fill("Gareth")
    page.get_by_label("Family name (surname)").fill("Pryce-Jones")
    radio(page, "How do you know who they are?", "Identification seen")
    click(page.get_by_role("button", name="Save and continue"))
    radio(page, "Would you like support after this incident?", "No")
    click(page.get_by_role("button", name="Save and continue"))
    expect(page.get_by_role("heading", name="Evidence")).to_be_visible()
    click(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", name="Check your answers before sending your report")).to_be_visible()
    click(page.get_by_role("button", name="Send report"))
    expect(page.get_by_role("heading", name="Report sent")).to_be_visible()


def test_staff_check_a_name_then_report_an_incident(live_server, page, council, user_with_role, sign_in_as, axe):
    BehaviourCategory.objects.get_or_create(council=None, group="Threats and verbal", label="Threats to staff or their families")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel", line_manager=user_with_role(Role.MANAGER))
    click = _start_at_home(page, live_server, sign_in_as, axe, staff)

    click(page.get_by_role("button", name="Check before contact"))
    page.get_by_label("Full name").fill("Gareth Pryce-Jones")
    fill_date(page, "Date of birth (optional)", "14/3/1971")
    page.get_by_label("Home visit").check()
    click(page.get_by_role("button", name="Check"))
    expect(page.get_by_role("heading", name="No live entry found")).to_be_visible()
    click(page.get_by_role("link", name="report an incident", exact=True))
    _report(page, click)

    print(f"\nstaff member, check then report: {click.count} clicks")
    assert click.count <= CHECK_THEN_REPORT


def test_register_officer_links_an_incident_and_proposes_an_entry(live_server, page, council, user_with_role, sign_in_as, axe):
    manager = user_with_role(Role.MANAGER)
    staff = user_with_role(Role.STAFF, line_manager=manager)
    unlinked = submitted_incident(reporter=staff, council=council)
    decider = user_with_role(Role.DECISION_MAKER)
    subject = builders.person(council, given="Margaret", family="Okonkwo", at=builders.address(council))
    decision = builders.decision_for(council, builders.incident(council, staff, subject), decider)
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    click = _start_at_home(page, live_server, sign_in_as, axe, officer)

    # Link the incident to a person.
    click(page.get_by_role("link", name=re.compile("Incidents not yet linked to a person")))
    click(page.get_by_role("link", name=unlinked.reference))
    click(page.get_by_role("link", name="Find or create the person"))
    click(page.get_by_role("button", name="Link the report"))
    expect(page.get_by_text(f"{unlinked.reference} is now linked to Siân O'Brien-Ní Dhónaill")).to_be_visible()
    linking = click.count

    # Propose the register entry the decision asked for.
    click(page.locator(".govuk-generic-header__homepage-link"))  # the council's name: home
    click(page.get_by_role("link", name=re.compile("Decisions waiting for a register entry to be proposed")))
    click(page.get_by_role("link", name=re.compile("Propose the safety marker")))
    page.get_by_label("Reasons").fill("Threats to staff on two home visits.")
    page.get_by_label("Impact (1 to 5)").select_option("4")
    page.get_by_label("Likelihood (1 to 6)").select_option("3")
    page.get_by_label("Risk, in a sentence or two").fill("Threatened staff on two home visits.")
    page.get_by_label("Visit in pairs").check()
    click(page.get_by_role("button", name="Send for approval"))
    expect(page.get_by_text("sent to a decision-maker for approval")).to_be_visible()
    assert Measure.objects.filter(decision=decision).exists()

    print(f"\nregister officer, link ({linking}) and propose ({click.count - linking}): {click.count} clicks")
    assert click.count <= LINK_AND_PROPOSE


def test_decision_maker_decides_a_case_and_approves_an_entry(live_server, page, council, user_with_role, sign_in_as, axe):
    manager = user_with_role(Role.MANAGER)
    staff = user_with_role(Role.STAFF, line_manager=manager)
    officer = user_with_role(Role.REGISTER_OFFICER)
    referred = submitted_incident(reporter=staff, council=council)
    incident_triage(actor=manager, council=council, incident=referred, outcome="refer", reasons="A direct threat.",
                    complaint_handled_properly=True, communication_adequate=True, new_information=False,
                    possible_disability_or_need=False)
    from safecontact.incidents.services import incident_create_person_and_link

    incident_create_person_and_link(actor=officer, council=council, incident=referred)
    subject = builders.person(council, given="Margaret", family="Okonkwo", at=builders.address(council))
    proposed = builders.propose(actor=officer, council=council, originating_incident=builders.incident(council, staff, subject),
                                person=subject, reasons="Threats on home visits", marker=builders.marker_details())
    decider = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    click = _start_at_home(page, live_server, sign_in_as, axe, decider)

    # Decide on the referred incident, with the facts in view.
    click(page.get_by_role("link", name=re.compile("Incidents referred for a decision")))
    click(page.get_by_role("link", name=referred.reference))
    click(page.get_by_role("button", name="Open the case for a decision"))
    click(page.get_by_role("link", name="Record a decision"))
    expect(page.get_by_text("The customer shouted at the counter and banged the screen.").first).to_be_visible()
    expect(page.get_by_text("I know where you live.").first).to_be_visible()
    radio(page, "Decision", "Formal warning")
    page.get_by_label("Reasons", exact=True).fill("Threatened a member of staff at the counter.")
    page.get_by_label("Policy clause relied on").fill("4.2 Threats to staff")
    page.get_by_label("Why lesser steps are not enough").fill("A direct threat about where the officer lives.")
    radio(page, "Was a warning given first?", "No")
    radio(page, "Is this the serious-threat route?", "No")
    page.get_by_label("Equality screen").fill("No disability or communication need known.")
    radio(page, "Is the person known to social care services?", "No, not known to social care")
    page.get_by_label("How the customer keeps access to services").fill("Contact by email through the housing inbox.")
    page.get_by_label("Formal warning: dated examples of the behaviour").fill("2/3/2026: threatened an officer at reception.")
    page.get_by_label("Formal warning: the change expected").fill("No threats to staff.")
    click(page.get_by_role("button", name="Record decision"))
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    deciding = click.count

    # Approve the proposed entry.
    click(page.locator(".govuk-generic-header__homepage-link"))  # the council's name: home
    click(page.get_by_role("link", name=re.compile("Register entries awaiting your approval")))
    click(page.get_by_role("link", name=proposed.reference))
    click(page.get_by_role("button", name="Approve", exact=True))
    expect(page.get_by_text("is prepared for a register officer to check and issue")).to_be_visible()

    print(f"\ndecision-maker, decide ({deciding}) and approve ({click.count - deciding}): {click.count} clicks")
    assert click.count <= DECIDE_AND_APPROVE


def test_data_protection_officer_finds_who_viewed_a_person(live_server, page, council, user_with_role, sign_in_as, axe):
    subject = builders.person(council, given="Margaret", family="Okonkwo", at=builders.address(council))
    builders.person(council, given="Margaret", family="Oduya")
    viewer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    audit_access(actor=viewer, council=council, subject=subject)
    dpo = user_with_role(Role.DPO, full_name="Priya Shah")
    click = _start_at_home(page, live_server, sign_in_as, axe, dpo)

    click(page.get_by_role("button", name="Search the audit trail"))
    click(page.get_by_role("link", name="People", exact=True))
    page.get_by_label(re.compile("Name")).fill("Okonkwo")
    click(page.get_by_role("button", name=re.compile("Search")))
    click(page.get_by_role("link", name=re.compile("Margaret Okonkwo")))
    click(page.get_by_role("link", name="Who has viewed this record"))
    expect(page.get_by_role("heading", name="Who has viewed Margaret Okonkwo")).to_be_visible()
    expect(page.get_by_role("cell", name="Olu Adeyemi")).to_be_visible()
    expect(page.get_by_role("cell", name="Priya Shah")).to_be_visible()  # this visit too: views of views are audited

    print(f"\ndata protection officer, who viewed a person: {click.count} clicks")
    assert click.count <= WHO_VIEWED_A_PERSON
