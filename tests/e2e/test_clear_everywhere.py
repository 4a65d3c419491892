"""Every ending clears everywhere (issue 11): an urgent interim marker, shared with a partner, lapses at the daily run
→ the officer's home page shows the flags still to clear → the page of ended entries lists its checklist → the officer
records one place cleared there and another from the entry's own page. axe on every page."""

from datetime import timedelta

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.governance.models import ChecklistTask
from safecontact.governance.services import interim_lapse_daily
from safecontact.register.services import Distribution
from safecontact.register.services_interim import measure_interim_approve
from safecontact.register.tests import builders


def test_a_lapsed_interim_marker_is_cleared_from_other_systems(live_server, page, council, user_with_role, sign_in_as, axe):
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    approver = user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")
    staff = user_with_role(Role.STAFF, full_name="Sam Patel")
    partner = user_with_role(Role.PARTNER).organisation
    subject = builders.person(council, given="William", family="Harrington", at=builders.address(council))
    marker = measure_interim_approve(actor=approver, council=council, incident=builders.incident(council, staff, subject),
                                     reason="Threatened to come back with a knife.", marker=builders.marker_details(),
                                     distribution=Distribution(shared_with=[partner]))
    assert interim_lapse_daily(today=marker.interim_until + timedelta(days=1))["lapsed"] == 1

    sign_in_as(officer)
    page.goto(f"{live_server.url}/")
    axe(page)
    page.get_by_role("link", name="Removed flags still to clear from other systems").click()
    expect(page.get_by_role("heading", name="Ended entries still to clear from other systems")).to_be_visible()
    expect(page.get_by_role("cell", name=f"Copy held by {partner.name}", exact=True)).to_be_visible()
    axe(page)
    page.get_by_label(f"Status of CRM customer marker for {marker.reference}").select_option("done")
    page.get_by_role("button", name=f"Save CRM customer marker for {marker.reference}").click()
    expect(page.get_by_text("CRM customer marker: recorded.")).to_be_visible()
    axe(page)
    assert ChecklistTask.objects.get(measure=marker, label="CRM customer marker").done_by == officer

    page.get_by_role("link", name=f"Open {marker.reference}").click()
    expect(page.get_by_role("heading", name="Clearing the flag from other systems")).to_be_visible()
    axe(page)
    page.get_by_label(f"Status of Copy held by {partner.name}").select_option("not_needed")
    page.get_by_role("button", name=f"Save Copy held by {partner.name}").click()
    expect(page.get_by_text(f"Copy held by {partner.name}: recorded.")).to_be_visible()
    axe(page)
    assert ChecklistTask.objects.get(measure=marker, organisation=partner).status == ChecklistTask.Status.NOT_NEEDED
