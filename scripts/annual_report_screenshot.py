"""Pictures of the first two pages of the annual policy review report, rendered from the demo data (`make screenshots`).

Builds a throw-away demo in a temporary folder (its own SQLite database, so the developer's demo is untouched), prints
the current year's report to PDF with the service's own rendering (WeasyPrint, inline SVG charts) and turns pages 1
and 2 into docs/screenshots/annual-report-page-1.png and -2.png with poppler's pdftoppm (Debian package
poppler-utils: `apt-get install --no-upgrade poppler-utils`).

    .venv/bin/python scripts/annual_report_screenshot.py [--out docs/screenshots] [--pdf keep.pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
RENDER = """
from django.utils import timezone
from safecontact.accounts.models import Organisation
from safecontact.governance.rendering import annual_report_pdf
from safecontact.governance.selectors_annual import Year, annual_report
council = Organisation.objects.get(slug="demo")
open({path!r}, "wb").write(annual_report_pdf(annual_report(council=council, year=Year(timezone.localdate().year))))
"""


def _manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True,  # noqa: S603
                          text=True).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--pdf", default="", help="also keep the whole PDF here")
    parser.add_argument("--dpi", type=int, default=70)
    options = parser.parse_args()
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: apt-get install --no-upgrade poppler-utils", file=sys.stderr)
        return 1
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="safecontact-annual-report-") as var_dir:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEMO_MODE": "1", "SAFECONTACT_VAR_DIR": var_dir,
                    "DEMO_PASSWORD": "screenshots-" + os.urandom(6).hex()})
        print("Building the demo (migrate, seed_demo)...")
        _manage(env, "migrate", "--no-input")
        _manage(env, "seed_demo")
        pdf = Path(var_dir) / "annual-report.pdf"
        _manage(env, "shell", "-c", RENDER.format(path=str(pdf)))
        subprocess.run([pdftoppm, "-png", "-r", str(options.dpi), "-f", "1", "-l", "2", str(pdf),  # noqa: S603
                        str(out / "annual-report-page")], check=True)
        if options.pdf:
            shutil.copyfile(pdf, options.pdf)
    # pdftoppm numbers pages with as many digits as the document needs ("-01" for 10 pages or more): one name always.
    for page in (1, 2):
        found = sorted(out.glob(f"annual-report-page-*{page}.png"))
        target = out / f"annual-report-page-{page}.png"
        if found and found[0] != target:
            found[0].replace(target)
        print(f"Saved {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
