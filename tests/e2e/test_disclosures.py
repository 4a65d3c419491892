"""The disclosure log and "who could see this entry" (issue 17, item 4: R92, R90): a partner's officer checks before
a visit and is shown an entry shared with their organisation → the DPO finds it in the disclosure log, filters by the
agreement, opens the agreement's page, then the entry's "who could see" page, which names the partner's officer and
why. axe on every page."""

from datetime import date

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.checks.services import CheckQuery, check_run
from safecontact.register.tests import builders


def test_dpo_follows_a_disclosure_from_the_log_to_who_could_see_the_entry(live_server, page, council, user_with_role,
                                                                          sign_in_as, axe):
    subject = builders.person(council, given="Margaret", family="Okonkwo", dob=date(1960, 5, 1), at=builders.address(council))
    marker = builders.live_marker(council, user_with_role, subject=subject)
    partner = user_with_role(Role.PARTNER, full_name="Pat Partner")
    marker.shared_with.add(partner.organisation)
    check_run(actor=partner, council=council, query=CheckQuery(purpose="home_visit", name="Margaret Okonkwo",
                                                               date_of_birth=date(1960, 5, 1)))
    dpo = user_with_role(Role.DPO, full_name="Dana Protect")

    sign_in_as(dpo)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Administration").first.click()
    page.get_by_role("link", name="Disclosures to partners").first.click()
    expect(page.get_by_role("heading", name="Disclosures to partners")).to_be_visible()
    expect(page.get_by_role("cell", name=f"Pat Partner ({partner.organisation.name})")).to_be_visible()
    axe(page)
    page.get_by_label("Agreement").select_option(index=1)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="Answer to a check")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=f"Agreement with {partner.organisation.name}").click()
    expect(page.get_by_role("heading", name="What was disclosed under it")).to_be_visible()
    axe(page)
    page.get_by_role("link", name=marker.reference).first.click()
    page.get_by_role("link", name="Who could see this entry").click()
    expect(page.get_by_role("heading", name=f"Who could see {marker.reference}")).to_be_visible()
    expect(page.get_by_role("cell", name=f"Shared under the agreement with {partner.organisation.name}")).to_be_visible()
    axe(page)
