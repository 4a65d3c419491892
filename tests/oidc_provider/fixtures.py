"""The `oidc_provider` fixture: a real OpenID Connect provider (serve.py) on the loopback, for the tests of signing in
through a council's identity provider. Import the fixture into a test module: `from tests.oidc_provider.fixtures import
oidc_provider`. It needs no network: the provider is django-oauth-toolkit, from requirements/dev.txt."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "provider-password-1"

# The people the provider knows. Safe Contact knows some of them (each test sets that up on its side).
USERS = [
    {"username": "invited", "email": "invited.person@north-demo.gov.uk", "name": "Ivy Invited"},
    {"username": "existing", "email": "existing.person@north-demo.gov.uk", "name": "Ed Existing"},
    {"username": "stranger", "email": "stranger@north-demo.gov.uk", "name": "Sam Stranger"},
    {"username": "outsider", "email": "outsider@gmail.example", "name": "Olly Outsider"},
    {"username": "leaver", "email": "leaver@north-demo.gov.uk", "name": "Lee Leaver"},
    # A second account at the provider stating `existing`'s address (an address given to someone else).
    {"username": "existing-again", "email": "existing.person@north-demo.gov.uk", "name": "Another Person"},
]


@dataclass
class RunningProvider:
    issuer: str
    client_id: str
    client_secret: str
    directory: Path
    process: subprocess.Popen[str]
    settings: dict[str, Any] = field(default_factory=dict)

    def configure(self, **settings: Any) -> None:
        """Change what the provider puts in its next tokens (see validator.py): amr, acr, id_token faults."""
        self.settings = settings
        (self.directory / "control.json").write_text(json.dumps(settings))

    def reset(self) -> None:
        self.configure()

    def email(self, username: str) -> str:
        return next(u["email"] for u in USERS if u["username"] == username)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.directory, ignore_errors=True)


def start_provider(*, redirect_uris: list[str], skip_authorization: bool = True) -> RunningProvider:
    directory = Path(tempfile.mkdtemp(prefix="safecontact-test-oidc-"))
    client = {"client_id": f"safe-contact-{secrets.token_hex(4)}", "client_secret": secrets.token_urlsafe(32),
              "redirect_uris": redirect_uris, "skip_authorization": skip_authorization}
    spec = {"dir": str(directory), "client": client, "users": [{**u, "password": PASSWORD} for u in USERS]}
    (directory / "spec.json").write_text(json.dumps(spec))
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen([sys.executable, "-m", "tests.oidc_provider.serve", str(directory / "spec.json")], cwd=ROOT,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    port = _wait_ready(process)
    return RunningProvider(issuer=f"http://127.0.0.1:{port}/o", client_id=client["client_id"],
                           client_secret=client["client_secret"], directory=directory, process=process)


def _wait_ready(process: subprocess.Popen[str], timeout: float = 180) -> int:  # a loaded CI machine is slow to migrate
    result: dict[str, str] = {}

    def read() -> None:
        assert process.stdout is not None
        result["line"] = process.stdout.readline()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout)
    line = result.get("line", "")
    if not line.startswith("READY "):
        process.kill()
        stderr = process.stderr.read() if process.stderr else ""
        raise RuntimeError(f"The test identity provider did not start: {line!r} {stderr[-2000:]}")
    return int(line.split()[1])


SLUG = "north-demo"
SECRET_ENV_VAR = "SIGN_IN_SECRET_TEST_PROVIDER"


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    """One provider for the whole session, for Django's test client (host `testserver`); `reset()` between tests."""
    provider = start_provider(redirect_uris=[f"http://testserver/accounts/oidc/{SLUG}/login/callback/"])
    try:
        yield provider
    finally:
        provider.stop()
