"""HTTP-layer hardening, checked on every page: what each role can reach is never cached and never puts a name,
date of birth or postcode in a URL (URLs reach access logs, browser history and Referer headers)."""

from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from safecontact.access.policy import POLICY, Role
from tests.test_url_access import ALL_PATTERNS, _url
from tests.url_samples import make_context

# Form fields and query parameters that would carry personal data about a customer.
PERSONAL_FIELDS = frozenset({
    "name", "full_name", "given_names", "family_name", "date_of_birth", "dob", "postcode", "address", "address_line",
    "line1", "uprn", "q", "query", "email", "phone", "contact",
})


def _covering_roles() -> list[Role]:
    """Few roles that between them may do every action, so that every page is visited by someone allowed to see it."""
    chosen: list[Role] = []
    left = set(POLICY)
    while left:
        best = max(Role, key=lambda r: sum(1 for a in left if r in POLICY[a]))
        if not any(best in POLICY[a] for a in left):
            break
        chosen.append(best)
        left -= {a for a in left if best in POLICY[a]}
    return chosen


class FormsAndLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.links: list[str] = []
        self._form: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "", "fields": set()}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea", "button") and self._form is not None and a.get("name"):
            self._form["fields"].add(a["name"])
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def parse(html: str) -> FormsAndLinks:
    parser = FormsAndLinks()
    parser.feed(html)
    return parser


def personal_data_in_urls(url: str, html: str) -> list[str]:
    parser = parse(html)
    found = [f"{url}: a GET form sends {sorted(form['fields'] & PERSONAL_FIELDS)}"
             for form in parser.forms if form["method"] != "post" and form["fields"] & PERSONAL_FIELDS]
    for href in parser.links:
        keys = set(parse_qs(urlsplit(href).query, keep_blank_values=True)) & PERSONAL_FIELDS
        if keys:
            found.append(f"{url}: a link puts {sorted(keys)} in the URL ({href})")
    return found


def _problems(response: Any, url: str, signed_in: bool) -> list[str]:
    problems = []
    if response.status_code >= 500:
        problems.append(f"{url}: {response.status_code}")
    if response.get("Permissions-Policy") != settings.PERMISSIONS_POLICY:
        problems.append(f"{url}: Permissions-Policy is {response.get('Permissions-Policy')!r}")
    if (signed_in or response.has_header("Content-Disposition")) and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"{url}: Cache-Control is {response.get('Cache-Control')!r}")
    if response.streaming:
        b"".join(response.streaming_content)  # the test client closes the file (and keeps the test's connection)
    elif response.get("Content-Type", "").startswith("text/html"):
        problems += personal_data_in_urls(url, response.content.decode())
    return problems


@pytest.mark.parametrize("role", [*_covering_roles(), None], ids=lambda r: r.value if r else "anonymous")
def test_no_page_is_cached_or_puts_personal_data_in_a_url(role, council, user_with_role, client_for):
    actor = user_with_role(role) if role else None
    client = client_for(actor) if actor else Client()
    ctx = make_context(council, actor or user_with_role(Role.STAFF))
    problems: list[str] = []
    for name, pattern in ALL_PATTERNS:
        url = _url(name, pattern, ctx)
        problems += _problems(client.get(url), url, signed_in=actor is not None)
    assert problems == []


def test_the_covering_roles_between_them_may_do_everything():
    roles = set(_covering_roles())
    assert all(POLICY[action] & roles for action in POLICY if POLICY[action])


def test_a_get_form_with_a_name_field_would_be_caught():
    html = '<form action="/people/"><input name="name"></form><a href="/checks/?postcode=GL50+1PQ">x</a>'
    assert len(personal_data_in_urls("/x", html)) == 2
    assert personal_data_in_urls("/x", '<form method="post"><input name="name"></form><a href="?page=2&search=abc">x</a>') == []


def test_searching_people_keeps_the_name_out_of_every_url(council, user_with_role, client_for):
    from safecontact.people.models import Person

    for i in range(30):
        Person.objects.create(council=council, given_names="Siân", family_name=f"Okonkwo{i:02d}" if i else "Okonkwo")
    client = client_for(user_with_role(Role.REGISTER_OFFICER))
    response = client.post(reverse("people:person_list"), {"name": "Okonkwo"})
    assert response.status_code == 302 and "Okonkwo" not in response["Location"]
    page_one = client.get(response["Location"])
    body = page_one.content.decode()
    assert page_one.status_code == 200 and 'value="Okonkwo"' in body  # the search is shown again
    assert personal_data_in_urls(response["Location"], body) == []
    next_link = [href for href in parse(body).links if "page=2" in href]
    assert next_link and "Okonkwo" not in next_link[0]
    page_two = client.get(reverse("people:person_list") + next_link[0])
    assert "Page 2 of" in page_two.content.decode() and 'value="Okonkwo"' in page_two.content.decode()
    # Another session cannot use the search id.
    other = client_for(user_with_role(Role.REGISTER_OFFICER)).get(response["Location"])
    assert 'value="Okonkwo"' not in other.content.decode()


def test_searching_for_a_duplicate_to_merge_posts_the_name(council, user_with_role, client_for):
    from safecontact.people.models import Person

    keep = Person.objects.create(council=council, given_names="Bill", family_name="Harrington")
    other = Person.objects.create(council=council, given_names="Zara", family_name="Quill")
    client = client_for(user_with_role(Role.REGISTER_OFFICER))
    url = reverse("people:person_merge", kwargs={"id": keep.pk})
    assert "Quill" not in client.get(url, {"name": "Quill"}).content.decode()  # a name in the URL is not searched
    response = client.post(url, {"name": "Quill"})
    assert response.status_code == 200 and f'href="?other={other.pk}"' in response.content.decode()
