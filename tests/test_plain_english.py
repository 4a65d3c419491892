"""Every page, as every role that may see it (and anonymous for public pages), speaks to council officers and the
public, not to developers: no `manage.py`, backticks, model or field names, snake_case, dotted event codes or
file paths in the visible text (issue 14, item 6; house style "Content for people, not for developers").

It reuses the URL sweep's samples and role users (tests/test_url_access.py, tests/url_samples*.py) and reads only
text nodes: scripts, styles and attribute values (names, ids, URLs) are code by nature and not shown."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from safecontact.access.policy import Role
from safecontact.access.tests.promises import promised_roles
from safecontact.audit.events import EventType
from tests.test_url_access import ALL_PATTERNS, THIRD_PARTY, _url, required_action
from tests.url_samples import make_context

CODE_WORDS = {
    "manage.py": re.compile(r"manage\.py"),
    "backtick": re.compile(r"`"),
    "model and field name": re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\.[a-z_]+\b"),
    "snake_case": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    "file path": re.compile(r"[\w/-]+\.(?:md|py)\b"),  # not .txt, .pdf…: people's uploaded evidence keeps its name
}
EVENT_CODES = {event.value for event in EventType}

# Text that may hold underscores or dots without being code, each with its reason.
ALLOWED = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # an email address may contain underscores (jo_bloggs@…)
    re.compile(r"https?://\S+"),  # a web address shown to copy (a privacy notice, the API's base URL)
]

# Pages where some code-like words are what the reader must type, each with its reason.
ALLOWED_ON_PAGE = {
    # The letter wording editor lists the merge fields a council writes into its wording, e.g. {review_due}.
    "letters:template_edit": re.compile(r"\b[a-z]+_[a-z_]+\b"),
    # The API reference names the JSON fields and values an integrator sends and reads (date_of_birth, no_entry).
    "api_docs:index": re.compile(r"\b[a-z]+_[a-z_]+\b"),
}


class _VisibleText(HTMLParser):
    """Collects the text nodes a reader sees: not <script>, <style> or <template> contents, not attribute values."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def code_words(text: str, url_name: str = "") -> list[str]:
    for allowed in [*ALLOWED, *([ALLOWED_ON_PAGE[url_name]] if url_name in ALLOWED_ON_PAGE else [])]:
        text = allowed.sub(" ", text)
    found = [f"{kind}: {m.group(0)!r}" for kind, pattern in CODE_WORDS.items() for m in pattern.finditer(text)]
    found += [f"event code: {word!r}" for word in re.findall(r"\b[a-z_]+\.[a-z_]+\b", text) if word in EVENT_CODES]
    return found


def test_the_checker_catches_what_the_issue_names():
    page = ("<p>Ended (`Measure.ended_at`), see docs/retention-policy.md or run manage.py daily_run;"
            " access.listed</p><script>var a_b = 1</script><a href='/x_y/' class='govuk_link'>Fine words</a>")
    words = code_words(visible_text(page))
    assert any("backtick" in w for w in words)
    assert any("Measure.ended_at" in w for w in words)
    assert any("retention-policy.md" in w for w in words)
    assert any("manage.py" in w for w in words)
    assert any("daily_run" in w for w in words)
    assert any("access.listed" in w for w in words)
    assert not any("a_b" in w or "x_y" in w or "govuk_link" in w for w in words)
    assert code_words("Write to jo_bloggs@example.gov.uk or https://example.gov.uk/privacy_notice") == []


def _may_see(role: Role | None, pattern) -> bool:  # type: ignore[no-untyped-def]
    action = required_action(pattern)
    if action is None:
        return True  # public pages and allauth's pages: everyone meets them
    if role is None:
        return False
    promised = promised_roles(action)
    return promised is not None and role in promised


def _a_daily_run_that_did_everything() -> None:
    """The samples make no daily run: one with a count for every step, so the daily runs page lists them all."""
    from django.utils import timezone

    from safecontact.core.models import DAILY_STEP_WORDS, DailyRun

    DailyRun.objects.create(run_on=timezone.localdate(), started_at=timezone.now(), status=DailyRun.Status.SUCCEEDED,
                            counts={**dict.fromkeys(DAILY_STEP_WORDS, 1), "some_new_step": 2})


@pytest.mark.parametrize("role", [*Role, None], ids=[*(r.value for r in Role), "anonymous"])
def test_every_page_speaks_plain_english(role, council, user_with_role, client_for):
    actor = user_with_role(role, full_name="Sweep Actor") if role else None
    client = client_for(actor) if actor else Client()
    ctx = make_context(council, actor or user_with_role(Role.STAFF))
    _a_daily_run_that_did_everything()
    failures = []
    for name, pattern in ALL_PATTERNS:
        if pattern.name is None or name.startswith("api:") or not _may_see(role, pattern):  # unnamed: no reverse
            continue
        if role is None and THIRD_PARTY.get(name) == "signed_in":
            continue
        url = _url(name, pattern, ctx)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        failures += [f"{url}: {word}" for word in code_words(visible_text(content.decode()), name)]
    assert failures == [], "\n".join(failures)


def test_the_daily_runs_page_names_its_steps(council, user_with_role, client_for):
    _a_daily_run_that_did_everything()
    page = client_for(user_with_role(Role.DPO)).get("/daily-runs/").content.decode()
    assert "Records disposed of: 1" in page and "Some new step: 2" in page and "Started by hand on the server" in page
