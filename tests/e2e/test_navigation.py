"""Navigation by task (issue 14): every demo sign-in's navigation is one row at 1280 px, Check and Report come first
for those who meet the public, and without JavaScript on a phone the menu leaves the page's heading near the top."""

import re

from playwright.sync_api import expect

from safecontact.accounts.demo import printed_demo_emails
from safecontact.accounts.models import User
from safecontact.shell.demo import seed_demo

MOST_MENU_HEIGHT_AT_375 = 520  # px from the top of the page to the <h1>: header, a compact menu, the phase banner


def _demo_users():
    seed_demo()
    return [User.objects.get(email=email) for email in sorted(printed_demo_emails())]


def test_every_demo_sign_in_has_one_row_of_areas_at_1280_px(live_server, page, sign_in_as, settings, axe):
    settings.DEMO_MODE = True  # the printed demo sign-ins go without MFA, as in `make demo`
    page.set_viewport_size({"width": 1280, "height": 900})
    for user in _demo_users():
        sign_in_as(user)
        page.goto(live_server.url + "/")
        expect(page.get_by_role("heading", name="Needs your attention")).to_be_visible()
        items = page.locator(".govuk-service-navigation__item")
        tops = items.evaluate_all("nodes => nodes.map(n => n.offsetTop)")
        labels = items.all_inner_texts()
        assert 1 <= len(tops) <= 7, (user.email, labels)
        assert len(set(tops)) == 1, f"{user.email}: navigation on more than one row: {list(zip(labels, tops))}"
        public_facing = [label for label in labels if label in ("Check", "Report")]
        assert labels[: len(public_facing)] == public_facing, f"{user.email}: Check and Report come first: {labels}"
        axe(page)


def test_without_javascript_at_375_px_the_menu_stays_short(live_server, browser, settings):
    settings.DEMO_MODE = True
    users = _demo_users()
    from django.conf import settings as django_settings
    from django.test import Client

    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    for email in ("register-manager@demo.test", "officer@demo.test", "staff@demo.test"):
        client = Client()
        client.force_login(next(u for u in users if u.email == email), backend="allauth.account.auth_backends.AuthenticationBackend")
        context.clear_cookies()
        context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                              "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
        page.goto(live_server.url + "/")
        expect(page.locator(".govuk-service-navigation__link").first).to_be_visible()  # no toggle hides it
        heading_top = page.locator("h1").evaluate("h => h.getBoundingClientRect().top + window.scrollY")
        assert heading_top < MOST_MENU_HEIGHT_AT_375, f"{email}: the heading starts {heading_top} px down"
    context.close()


def test_a_home_page_count_opens_the_list_of_exactly_those_records(live_server, page, sign_in_as, settings, axe):
    settings.DEMO_MODE = True
    officer = next(u for u in _demo_users() if u.email == "officer@demo.test")
    sign_in_as(officer)
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name=re.compile("Incidents not yet linked to a person"))
    count = int(link.locator(".govuk-tag").inner_text())
    link.click()
    expect(page).to_have_url(re.compile(r"/incidents/all/\?linked=no"))
    expect(page.locator("caption")).to_contain_text(f"{count} incident")
    assert page.locator("tbody tr").count() == count
    axe(page)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="What your roles allow").click()
    expect(page.get_by_role("heading", name="What your roles allow")).to_be_visible()
    axe(page)
