"""The pages security work added, as people meet them: hostile letter wording refused with what to remove,
too many checks, a second appeal with the same code, a system administrator unlocking an account, and a
request too large, an evidence file the keys do not fit. Each passes axe."""

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.incidents import services as incidents
from safecontact.incidents.tests.factories import answers, category
from safecontact.letters import services as letters
from safecontact.letters.models import Event, LetterTemplateVersion
from safecontact.letters.tests.factories import live_restriction
from tests.e2e.journeys import go_to


def test_hostile_letter_wording_is_refused_with_what_to_remove_and_kept(live_server, page, council, user_with_role, sign_in_as, axe):
    sign_in_as(user_with_role(Role.REGISTER_MANAGER))
    page.goto(live_server.url + reverse("letters:template_edit", args=[Event.CONTACT_RESTRICTION]))
    wording = '<p>Dear {{ customer_name }}</p><link rel="attachment" href="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
    page.get_by_label("Wording").fill(wording)
    page.get_by_role("button", name="Save and preview").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Remove <img>, <link>")
    expect(page.get_by_label("Wording")).to_have_value(wording)
    axe(page)
    assert not LetterTemplateVersion.objects.filter(council=council).exists()


def test_too_many_checks_show_a_page_that_says_what_to_do(live_server, page, council, user_with_role, sign_in_as, axe, settings):
    settings.CHECK_RATE_PER_MINUTE, settings.CHECK_RATE_PER_DAY = 1, 600
    sign_in_as(user_with_role(Role.STAFF))
    for attempt in range(2):
        page.goto(live_server.url + reverse("checks:start"))
        page.get_by_label("Full name").fill("Jo Bloggs")
        page.get_by_label("Postcode (optional)").fill("GL50 1PQ")
        page.get_by_role("radio").first.check()
        page.get_by_role("button", name="Check", exact=True).click()
        if attempt == 0:
            expect(page.locator("h1")).not_to_contain_text("Too many")
    expect(page.locator("h1")).to_contain_text("Too many")
    axe(page)


def test_a_second_appeal_with_the_same_code_is_told_it_was_received(live_server, page, council, user_with_role, axe):
    measure, officer, *_ = live_restriction(council, user_with_role)
    letter = letters.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    letter = letters.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    for _ in range(2):
        page.goto(f"{live_server.url}/appeal/")
        page.get_by_label("Letter reference").fill(letter.reference)
        page.get_by_label("Appeal code").fill(letter.verification_code)
        page.get_by_label("The measure is disproportionate").check()
        page.get_by_role("button", name="Continue").click()
        if page.get_by_role("button", name="Send your appeal").count():  # check your answers (the first time)
            page.get_by_role("button", name="Send your appeal").click()
    expect(page.locator("h1")).to_contain_text("We already have your appeal")
    axe(page)


def test_a_system_administrator_unlocks_a_locked_account(live_server, page, council, user_with_role, sign_in_as, axe):
    cache.clear()
    user_with_role(Role.STAFF, email="locked.out@testshire.gov.uk", full_name="Lou Locked")
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "locked.out@testshire.gov.uk", "password": "wrong-password"})
    sign_in_as(user_with_role(Role.SYSADMIN))
    page.goto(live_server.url + "/")
    go_to(page, "Administration", "Locked accounts")
    expect(page.get_by_role("cell", name="Lou Locked", exact=True)).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Unlock").first.click()
    expect(page.get_by_role("heading", name="Unlock Lou Locked?")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Unlock account").click()
    expect(page.get_by_text("Lou Locked can sign in again now.")).to_be_visible()
    axe(page)
    cache.clear()


def test_a_request_too_large_gets_a_page_that_says_so(live_server, page, council, user_with_role, sign_in_as, axe):
    sign_in_as(user_with_role(Role.REGISTER_MANAGER))
    page.goto(live_server.url + reverse("checks:start"))
    # A form the page never offers: 3 MB of text, over DATA_UPLOAD_MAX_MEMORY_SIZE.
    page.evaluate("""() => {
        const form = document.createElement('form');
        form.method = 'post'; form.action = location.pathname;
        const field = document.createElement('textarea');
        field.name = 'name'; field.value = 'x'.repeat(3 * 1024 * 1024);
        form.appendChild(field); document.body.appendChild(form); form.submit();
    }""")
    expect(page.locator("h1")).to_have_text("What you sent was too large")
    axe(page)


def test_evidence_downloads_decrypted_and_a_key_that_does_not_fit_gets_a_page(live_server, page, council, user_with_role,
                                                                               sign_in_as, axe, settings):
    staff = user_with_role(Role.STAFF)
    draft = incidents.incident_draft_create(actor=staff, council=council)
    incidents.attachment_add(actor=staff, council=council, incident=draft,
                             upload=ContentFile(b"What Sian heard, word for word.", name="account.txt"))
    incidents.incident_draft_save(actor=staff, council=council, incident=draft, changes=answers(), categories=[category()])
    incident = incidents.incident_submit(actor=staff, council=council, incident=draft)
    sign_in_as(staff)
    page.goto(live_server.url + reverse("incidents:incident_detail", kwargs={"id": incident.pk}))
    with page.expect_download() as download:
        page.get_by_role("link", name="account.txt").click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == b"What Sian heard, word for word."
    settings.EVIDENCE_ENCRYPTION_KEYS = ["a-key-that-was-never-used-for-these-files-0123456789"]
    page.get_by_role("link", name="account.txt").click()
    expect(page.locator("h1")).to_have_text("This file cannot be opened at the moment")
    axe(page)
