"""Two app servers over one PostgreSQL database (issue 16, item 5; docs/scaling.md): a register change made through
one server is seen by the very next check on the other.

Each server keeps its own in-memory index of the live register (ADR 0008) and trusts it only while the council's
register version in the database is the one it was built under; database triggers change that version on every
write. So nothing a server holds in its own memory can make it answer from an old register, however many servers
there are. Here server B builds its index first (a check that finds nothing), server A approves an entry through
the register page, and B's first check after A's commit must report the entry.

Two gunicorn processes (one sync worker each) on loopback ports against the test database; about 10 s.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection

from safecontact.access.policy import Role
from safecontact.core.tests.fixtures import reseed_managed_lists
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

ROOT = Path(__file__).resolve().parents[1]
ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only: SQLite's test database is in memory, which another process cannot open"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _managed_lists(transactional_db):
    """The precautions come from a data migration, which an earlier transactional test's flush may have emptied."""
    reseed_managed_lists()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database_url() -> str:
    """The test database (test_…), which the servers must use too: the rows this test commits are there."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def two_servers(transactional_db, tmp_path) -> Iterator[tuple[str, str]]:
    env = os.environ | {"DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "config.settings.test", "DEBUG": "false",
                        "LOG_LEVEL": "ERROR", "SAFECONTACT_VAR_DIR": str(tmp_path), "SAFECONTACT_CHECK_INDEX": "1"}
    ports = [_free_port(), _free_port()]
    # The deployment's gunicorn settings (deploy/, scripts/demo.sh), with one sync worker each.
    config = ["--config", "config/gunicorn_conf.py"] if (ROOT / "config" / "gunicorn_conf.py").exists() else []
    servers = [subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", *config, "--bind", f"127.0.0.1:{port}",
                                 "--workers", "1", "--log-level", "warning"], cwd=ROOT, env=env) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base, server in zip(bases, servers, strict=True):
            for _ in range(150):
                assert server.poll() is None, f"the server at {base} stopped"
                try:  # gunicorn listens before its worker has loaded Django: the first answer can take seconds
                    if requests.get(f"{base}/healthz", timeout=30).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.1)
            else:
                raise AssertionError(f"the server at {base} did not answer /healthz")
        yield bases[0], bases[1]
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)


def _signed_in(base: str, user, council) -> requests.Session:  # type: ignore[no-untyped-def]
    """A browser session for the user: sessions are rows in the database, so either server accepts it."""
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "allauth.account.auth_backends.AuthenticationBackend",
                  "_auth_user_hash": user.get_session_auth_hash(), "council_id": str(council.pk)})
    store.create()
    session = requests.Session()
    session.cookies.set("sessionid", store.session_key or "", domain="127.0.0.1")
    return session


def _api_check(base: str, token: str) -> str:
    body = {"name": "William Harrington", "date_of_birth": "1971-03-14", "postcode": "GL50 1PQ", "purpose": "home_visit",
            "requested_by": "Two-server test"}
    response = requests.post(f"{base}/api/v1/checks", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert response.status_code == 201, response.text[:300]
    return str(response.json()["outcome"])


def test_a_change_through_one_server_is_seen_by_the_next_check_on_the_other(two_servers, council, user_with_role):
    from safecontact.checks.services_api import api_client_create

    server_a, server_b = two_servers
    officer, approver, reporter = (user_with_role(r) for r in (Role.REGISTER_OFFICER, Role.DECISION_MAKER, Role.STAFF))
    person = b.person(council, at=b.address(council))
    proposed = b.propose(actor=officer, council=council, originating_incident=b.incident(council, reporter, person), person=person,
                         reasons="Repeated threats on home visits", marker=b.marker_details())
    _client, token = api_client_create(name="Two-server CRM", council=council, organisation=council)

    # B builds its index of the live register: the entry is only proposed, so nothing is found.
    assert _api_check(server_b, token) == "no_entry"
    assert _api_check(server_b, token) == "no_entry"

    # A decision maker approves the entry on server A's register page.
    browser = _signed_in(server_a, approver, council)
    page = browser.get(f"{server_a}/register/{proposed.pk}/", timeout=30)
    assert page.status_code == 200 and not page.history, f"{page.status_code} at {page.url}"
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf, "no CSRF token on the entry's page"
    approved = browser.post(f"{server_a}/register/{proposed.pk}/approve/", data={"csrfmiddlewaretoken": csrf.group(1), "notify": "yes"},
                            allow_redirects=False, timeout=60)
    assert approved.status_code == 302, approved.text[:500]
    proposed.refresh_from_db()
    assert proposed.status == Measure.Status.ACTIVE

    # B's very first check after A's commit reports it (no waiting, no second try).
    assert _api_check(server_b, token) == "precautions_apply"
    # And A, which made the change, agrees.
    assert _api_check(server_a, token) == "precautions_apply"
