"""Submits EVERY HTML form in the service empty, as a role that may use it, and asserts the answer follows the
GOV.UK error pattern (issue 14): no generic "This field is required.", an error summary at the top of any page
that shows an error, and "Error: " at the start of its title.

The forms are found, not listed: each role opens every page its promises allow (the URL sweep's samples), and
every <form method="post"> with something to type or choose is sent back with only what the person does not
type (hidden fields and the button's own name). A new form that regresses fails here without being added."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.access.tests.promises import promised_roles
from tests.test_url_access import ALL_PATTERNS, THIRD_PARTY, _url, required_action
from tests.url_samples import make_context

GENERIC = "This field is required."
# Forms whose empty submission changes who is signed in rather than showing errors.
SKIP_ACTIONS = ("/accounts/logout/", "/accounts/2fa/totp/deactivate/", "/accounts/2fa/recovery-codes/generate/")
ENTERABLE = {"text", "email", "password", "number", "tel", "date", "search", "url", "file", "radio", "checkbox", ""}


class _Forms(HTMLParser):
    """The page's POST forms: action, hidden values, the first named submit button, and whether anything is typed."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.current = {"action": a.get("action", ""), "data": {}, "enterable": False, "button": None}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("type", "").lower() == "hidden":
            self.current["data"][a.get("name", "")] = a.get("value", "")
        elif tag in ("input", "button") and a.get("type", "submit" if tag == "button" else "").lower() == "submit":
            if a.get("name") and self.current["button"] is None:
                self.current["button"] = (a["name"], a.get("value", ""))
        elif (tag == "input" and a.get("type", "").lower() in ENTERABLE) or tag in ("textarea", "select"):
            self.current["enterable"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None


def post_forms(html: str, page_url: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        action = urlsplit(urljoin(page_url, form["action"] or page_url))
        if not form["enterable"] or action.path.startswith(SKIP_ACTIONS):
            continue
        data = {k: v for k, v in form["data"].items() if k}
        if form["button"]:
            data[form["button"][0]] = form["button"][1]
        found.append((action.path + (f"?{action.query}" if action.query else ""), data))
    return found


def problems_after_empty_post(client: Client, action: str, data: dict[str, str], who: str) -> tuple[int, list[str]]:
    """The status of the empty POST (after redirects) and what is wrong with the page it shows."""
    response = client.post(action, data, follow=True)
    html = response.content.decode(errors="replace")
    where = f"{who} POST {action}"
    if response.status_code >= 500:
        return response.status_code, [f"{where}: {response.status_code}"]
    found = []
    for vague in (GENERIC, "Answer this question"):  # the second: a field with no label to name it by
        if vague in html:
            found.append(f"{where}: says {vague!r}")
    if "govuk-error-message" in html or "govuk-form-group--error" in html:
        if "govuk-error-summary" not in html:
            found.append(f"{where}: shows an error without the error summary")
        title = re.search(r"<title>\s*(.*?)\s*</title>", html, re.S)
        if title is None or not title.group(1).startswith("Error: "):
            found.append(f"{where}: title does not start with 'Error: ' ({title.group(1)[:60] if title else None!r})")
    return response.status_code, found


def _propose_both(ctx: Any) -> str:
    """A decision that proposes both kinds of entry, for the proposal forms (which open from a decision)."""
    from django.utils import timezone

    from safecontact.cases.models import Decision
    from tests.url_samples import _case

    case = _case(ctx)
    decision = Decision.objects.filter(case=case, outcome="propose_both").first() or Decision.objects.create(
        council=ctx.council, case=case, outcome="propose_both", reasons="Sweep", policy_clause="5.2", proportionality="Sweep",
        equality_screen="Sweep", access_to_services="Sweep", warning_given_first=True, decided_by=ctx.subject,
        decided_at=timezone.now())
    return str(decision.pk)


def extra_urls(name: str, url: str, ctx: Any) -> list[str]:
    """The same view with its other forms: every report section, every kind of detail on a person, a proposal."""
    from safecontact.incidents.rules import SECTIONS
    from safecontact.people.views import DETAIL_KINDS

    if name == "incidents:report_section":
        return [url.replace("/when-and-where/", f"/{s.slug}/") for s in SECTIONS]
    if name == "people:person_add_detail":
        return [url.replace("/alias/", f"/{kind}/") for kind in DETAIL_KINDS]
    if name in ("register:propose_marker", "register:propose_restriction"):
        return [url, f"{url}?decision={_propose_both(ctx)}"]
    return [url]


def _pages_for(role: Role | None) -> list[tuple[str, Any]]:
    pages = []
    for name, pattern in ALL_PATTERNS:
        if name.startswith("api:"):
            continue
        action = required_action(pattern)
        if action is None:
            kind = "public" if getattr(pattern.callback, "is_public", False) else THIRD_PARTY.get(name)
            if kind and (kind == "public") == (role is None):
                pages.append((name, pattern))
        elif role is not None and role in (promised_roles(action) or ()):
            pages.append((name, pattern))
    return pages


@pytest.mark.django_db
def test_every_form_submitted_empty_names_its_fields(council, user_with_role, client_for):
    posted: set[str] = set()
    failures: list[str] = []
    for role in [*sorted(Role), None]:
        actor = user_with_role(role, full_name="Form Sweep") if role else None
        client = client_for(actor) if actor else Client()
        ctx = make_context(council, actor or user_with_role(Role.STAFF))
        for name, pattern in _pages_for(role):
            for url in extra_urls(name, _url(name, pattern, ctx), ctx):
                failures += _send_each_form_empty(client, url, posted, role.value if role else "anonymous")
    assert len(posted) > 60, f"found only {len(posted)} forms: is the sweep still reaching the pages?"
    assert failures == [], "\n".join(failures)


def _send_each_form_empty(client: Client, url: str, posted: set[str], who: str) -> list[str]:
    failures: list[str] = []
    page = client.get(url)
    if page.status_code == 200 and "text/html" in page.get("Content-Type", ""):
        for action, data in post_forms(page.content.decode(errors="replace"), url):
            key = re.sub(r"[0-9a-f-]{36}|\d+", "<id>", action)
            if key in posted:
                continue
            status, found = problems_after_empty_post(client, action, data, who)
            if status != 403:  # a page may show a form to someone who may not send it: another role will
                posted.add(key)
                failures += found
    return failures


def test_the_sweep_finds_a_form_and_its_hidden_fields():
    html = ('<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
            '<input type="text" name="a"><button type="submit" name="decision" value="approve">Go</button></form>'
            '<form method="post" action="/accounts/logout/"><button>Sign out</button></form>'
            '<form method="post" action="/y/"><button>Only a button</button></form>')
    assert post_forms(html, "/page/") == [("/x/", {"csrfmiddlewaretoken": "t", "decision": "approve"})]
    assert reverse("account_logout").startswith(SKIP_ACTIONS[0])
