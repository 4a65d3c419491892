"""Browser journeys: Playwright driving Debian's chromium, axe-core on every page visited."""

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from safecontact.core.tests.fixtures import reseed_managed_lists

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
AXE = Path(__file__).resolve().parents[2] / "safecontact" / "static" / "vendor" / "axe" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp lets the test inject axe; the application's CSP is asserted by its own tests.
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB"}


class AxeViolationsError(AssertionError):
    pass


def check_axe(page) -> None:
    """Fail on any WCAG 2.2 A/AA violation on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: tags})", AXE_TAGS)
    violations = [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    if violations:
        raise AxeViolationsError(f"{page.url}: " + json.dumps(violations, indent=1))


@pytest.fixture
def axe() -> Callable[..., None]:
    return check_axe


@pytest.fixture
def sign_in_as(live_server, context) -> Callable[..., None]:
    """Signs the browser in as a user without typing (the sign-in form has its own journey)."""

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.clear_cookies()
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])

    return sign_in


@pytest.fixture(autouse=True)
def managed_lists(transactional_db):
    """Transactional tests flush every table, including the rows data migrations seed (behaviour
    categories, precautions, restriction types): put them back before each journey."""
    reseed_managed_lists()
