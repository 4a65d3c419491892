"""Screenshots of every demo sign-in's home page at 1280 px and 375 px wide (`make screenshots`).

Builds a throw-away demo in a temporary folder (its own SQLite database and static files, so the developer's demo
is untouched), serves it with gunicorn on a free port, signs in through the sign-in page as each of the sign-ins
that `seed_demo` prints and saves docs/screenshots/home-<sign-in>-1280.png and -375.png (the visible window only,
to keep the files small). Uses Playwright with Debian's chromium, like the browser tests (tests/e2e/conftest.py).

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
WIDTHS = {1280: 900, 375: 812}  # width: height of the window captured
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,  # noqa: S603
                          text=True).stdout


def _sign_ins(output: str) -> list[str]:
    """The addresses `seed_demo` printed, in its order."""
    return [line.split()[0] for line in output.splitlines() if line.startswith("  ") and "@" in line.split()[0]]


def _wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - our own local server
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"The demo server did not answer at {url}")


def _shoot(base_url: str, emails: list[str], password: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for email in emails:
            name = email.split("@")[0] + ("-second-council" if "second" in email else "")
            for width, height in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
                page = context.new_page()
                page.goto(f"{base_url}/accounts/login/")
                page.get_by_label("Email address").fill(email)
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_selector("h1")
                page.screenshot(path=str(out / f"home-{name}-{width}.png"))
                context.close()
            print(f"  {email}")
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    options = parser.parse_args()
    password = "screenshots-" + os.urandom(6).hex()
    with tempfile.TemporaryDirectory(prefix="safecontact-screenshots-") as var_dir:
        port = _free_port()
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEMO_MODE": "1", "SAFECONTACT_VAR_DIR": var_dir,
                    "DEMO_PASSWORD": password, "SITE_URL": f"http://127.0.0.1:{port}"})
        print("Building the demo (migrate, collectstatic, seed_demo)...")
        _manage(env, "migrate", "--no-input")
        _manage(env, "collectstatic", "--no-input", "-v0")
        emails = _sign_ins(_manage(env, "seed_demo"))
        server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--bind",  # noqa: S603
                                   f"127.0.0.1:{port}", "--workers", "1", "--threads", "4", "--log-level", "warning"],
                                  cwd=ROOT, env=env)
        try:
            _wait_for(f"http://127.0.0.1:{port}/healthz")
            print(f"Signing in as {len(emails)} demo users:")
            _shoot(f"http://127.0.0.1:{port}", emails, password, Path(options.out))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"Saved in {options.out}")


if __name__ == "__main__":
    sys.exit(main())
