"""Home pages as work (issue 14, item 3): every count on every demo sign-in's home page opens a filtered list
showing exactly that many records, so nobody is sent from "Appeals assigned to you (2)" to a list of fourteen."""

import re
from datetime import timedelta
from html import unescape

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safecontact.accounts.demo import printed_demo_emails
from safecontact.accounts.invitations import invitation_create
from safecontact.accounts.models import Invitation, Organisation, User
from safecontact.appeals.models import Appeal
from safecontact.appeals.services import appeal_assign
from safecontact.incidents.selectors import triage_queue_for
from safecontact.incidents.services_triage import incident_triage
from safecontact.shell.demo import seed_demo

TASK = re.compile(r'<li><a class="govuk-link" href="([^"]+)">([^<]+)<span class="govuk-tag govuk-tag--orange">(\d+)</span>')
TBODY = re.compile(r'<tbody class="govuk-table__body">(.*?)</tbody>', re.S)


def _rows_shown(html: str) -> int:
    """The rows of the page's first table: every list a home task opens puts what it counts first."""
    match = TBODY.search(html)
    return len(re.findall(r"<tr\b", match.group(1))) if match else 0


def home_tasks_and_their_lists(client: Client) -> list[tuple[str, int, int]]:
    home = client.get("/")
    assert home.status_code == 200
    tasks = TASK.findall(home.content.decode())
    result = []
    for url, title, count in tasks:
        page = client.get(unescape(url))
        assert page.status_code == 200, (title, url, page.status_code)
        result.append((title.strip(), int(count), _rows_shown(page.content.decode())))
    return result


# Counts the demo alone does not show; _more_work adds them so that their links are followed too.
ADDED_TASKS = {"Appeals assigned to you", "Incidents referred for a decision", "Accounts locked after failed sign-ins",
               "Invitations that expired before they were accepted"}


def _more_work() -> None:
    council = Organisation.objects.get(slug="demo")
    manager, appeals_officer = (User.objects.get(email=f"{local}@demo.test") for local in ("register-manager", "appeals"))
    incident_triage(actor=manager, council=council, incident=triage_queue_for(actor=manager, council=council).first(),
                    outcome="refer", reasons="Repeated threats", complaint_handled_properly=True,
                    communication_adequate=True, new_information=False, possible_disability_or_need=False)
    appeal_assign(actor=manager, appeal=Appeal.objects.filter(council=council, status="received").first(),
                  officer=appeals_officer)
    sent = invitation_create(actor=manager, council=council, email="lee.late@demo.test", full_name="Lee Late")
    Invitation.objects.filter(pk=sent.invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    for _ in range(5):  # five wrong passwords lock the account
        Client().post(reverse("account_login"), {"login": "staff@demo.test", "password": "wrong-password"})


def test_every_home_count_opens_a_list_of_exactly_that_many(db, settings):
    settings.DEMO_MODE = True  # the printed demo sign-ins go without MFA, as in `make demo`
    seed_demo()
    _more_work()
    mismatched, seen = [], set()
    for email in sorted(printed_demo_emails()):
        client = Client()
        client.force_login(User.objects.get(email=email), backend="allauth.account.auth_backends.AuthenticationBackend")
        for title, count, rows in home_tasks_and_their_lists(client):
            seen.add(title)
            if count != rows:
                mismatched.append(f"{email}: {title!r} says {count}, its list shows {rows}")
    assert mismatched == [], "\n".join(mismatched)
    assert seen >= ADDED_TASKS and len(seen) >= 12, sorted(seen)


def test_the_filters_the_home_page_opens_are_shown_and_can_be_cleared(db, settings):
    settings.DEMO_MODE = True
    seed_demo()
    _more_work()
    client = Client()
    client.force_login(User.objects.get(email="register-manager@demo.test"),
                       backend="allauth.account.auth_backends.AuthenticationBackend")
    staff = client.get(reverse("accounts:user_list") + "?invitations=expired").content.decode()
    assert '<option value="expired" selected>' in staff and "Show all invitations" in staff
    cases = client.get(reverse("cases:case_list") + "?show=referred").content.decode()
    assert '<option value="referred" selected>' in cases and "Show cases too" in cases and "No cases." not in cases
    appeals = client.get(reverse("appeals:appeal_list") + "?show=waiting").content.decode()
    assert '<option value="waiting" selected>' in appeals and '<option value="open">' in appeals
