"""`make demo` prints letters and emails with the address it actually serves (issue 14): SITE_URL is derived from the
host and port gunicorn binds, so a demo on another port does not print links to port 8000."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "demo.sh"


def _derived(**env: str) -> dict[str, str]:
    """Run the script's set-up lines only (up to the first manage.py command) and report what they exported."""
    lines = []
    for line in SCRIPT.read_text().splitlines():
        if "manage.py" in line:
            break
        lines.append(line)
    script = "\n".join([*lines, 'echo "$SITE_URL|$ALLOWED_HOSTS"'])
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "ALLOWED_HOSTS", "DEMO_SITE_URL")}
    out = subprocess.run(["bash", "-c", script], env={**clean, **env}, capture_output=True, text=True, check=True,
                         cwd=SCRIPT.parents[1]).stdout.strip().splitlines()[-1]
    site_url, allowed = out.split("|")
    return {"SITE_URL": site_url, "ALLOWED_HOSTS": allowed}


def test_the_demo_derives_site_url_from_its_host_and_port():
    assert _derived()["SITE_URL"] == "http://127.0.0.1:8000"
    derived = _derived(DEMO_HOST="localhost", DEMO_PORT="8123")
    assert derived["SITE_URL"] == "http://localhost:8123" and "localhost" in derived["ALLOWED_HOSTS"].split(",")
    assert _derived(DEMO_SITE_URL="https://demo.example")["SITE_URL"] == "https://demo.example"


def test_gunicorn_binds_the_same_host_and_port():
    assert '--bind "${DEMO_HOST}:${DEMO_PORT}"' in SCRIPT.read_text()
