"""The web register import as a background task (issue 12: a 50,000-row dry run held a web worker 97 s and left it at
~800 MB). A 50,000-row file is uploaded to gunicorn (one sync worker), checked by the background worker (`manage.py run_worker`), confirmed
and imported, while the progress page is fetched every two seconds. Prints each request's time, the progress seen,
and the peak memory (VmHWM) of the web worker and of the task worker. Target: the web worker stays under 300 MB.

    BENCH_DB_NAME=sc_bench_import_task .venv/bin/python bench/bench_import_task.py

Not part of `make test` (about 3 minutes). BENCH_ROWS (default 50000) changes the size; BENCH_KEEP_DB=1 keeps the
database.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import bench_protect as bp  # sets DATABASE_URL and the settings module from BENCH_DB_NAME

ROWS = int(os.environ.get("BENCH_ROWS", "50000"))
WEB_LIMIT_MB = 300
PROGRESS = re.compile(r"Rows read</dt><dd class=\"govuk-summary-list__value\">(\d+).*?register</dt><dd class=\"govuk-summary-list__value\">"
                      r"(\d+).*?so far</dt><dd class=\"govuk-summary-list__value\">(\d+)", re.S)


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def setup() -> tuple[object, object, Path]:
    import django

    django.setup()
    from datagen import bench_council
    from django.core.management import call_command

    from safecontact.access.policy import Role
    from safecontact.accounts.models import User
    from safecontact.accounts.services import role_assignment_bootstrap
    from safecontact.core.tests.fixtures import give_mfa
    from safecontact.register.tests.import_sheets import write_people_sheet

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    council = bench_council()
    manager = User.objects.create(email="register_manager@bench.test", full_name="Bench Register Manager", organisation=council)
    role_assignment_bootstrap(council=council, user=manager, role=Role.REGISTER_MANAGER, reason="bench")
    give_mfa(manager)
    path = write_people_sheet(Path(tempfile.mkdtemp(prefix="sc-bench-import-task-")) / "register.csv", ROWS, restrictions_every=5)
    bp.say(f"{ROWS:,}-row file written: {path.stat().st_size / 1e6:.1f} MB")
    return council, manager, path


def csrf(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)


def follow(session, base: str, url: str, done: str, worker_pid: int, timings: list[float]) -> tuple[str, float]:  # type: ignore[no-untyped-def]
    """Fetch the job's page every two seconds, as a person pressing Refresh would, until `done` appears on it."""
    start = time.perf_counter()
    while True:
        began = time.perf_counter()
        page = session.get(base + url, timeout=60)
        timings.append(time.perf_counter() - began)
        assert page.status_code == 200, f"the job's page answered {page.status_code}"
        if done in page.text:
            return page.text, time.perf_counter() - start
        if "There is a problem" in page.text or "The import did not happen" in page.text:
            raise AssertionError(f"the import stopped: {page.text[:2000]}")
        figures = PROGRESS.search(page.text)
        bp.say(f"  page: read {figures.group(1) if figures else '?'}, checked {figures.group(2) if figures else '?'}, errors "
               f"{figures.group(3) if figures else '?'}; task worker peak so far {peak_mb(worker_pid):.0f} MB")
        time.sleep(2)


def main() -> None:
    import requests

    bp.say(f"PostgreSQL database {bp.DB_NAME}: recreating")
    bp.recreate_database()
    council, manager, path = setup()
    port = bp.free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ.copy()
    web = subprocess.Popen([str(bp.ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                            "--workers", "1", "--timeout", "120", "--log-level", "warning"], cwd=bp.ROOT, env=env)
    # The supervised worker (README, Operations) where this checkout has it; django-tasks' own otherwise.
    command = "run_worker" if (bp.ROOT / "safecontact/core/management/commands/run_worker.py").exists() else "db_worker"
    worker = subprocess.Popen([str(bp.ROOT / ".venv/bin/python"), "manage.py", command, "--no-startup-delay", "--interval", "0.5"],
                              cwd=bp.ROOT, env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        [web_worker] = children(web.pid)
        session = requests.Session()
        session.cookies.set("sessionid", bp.session_cookie(manager, council), domain="127.0.0.1")
        form = session.get(f"{base}/register/import/", timeout=30)
        assert form.status_code == 200, f"the upload page answered {form.status_code}"
        bp.say(f"web worker before the upload: {peak_mb(web_worker):.0f} MB")
        began = time.perf_counter()
        with path.open("rb") as handle:
            answer = session.post(f"{base}/register/import/", data={"csrfmiddlewaretoken": csrf(form.text)},
                                  files={"file": ("register.csv", handle, "text/csv")}, allow_redirects=False, timeout=120)
        upload_seconds = time.perf_counter() - began
        assert answer.status_code == 302, f"the upload answered {answer.status_code}"
        job_url = answer.headers["Location"]
        bp.say(f"upload answered in {upload_seconds:.2f} s; web worker {peak_mb(web_worker):.0f} MB")
        timings: list[float] = []
        page, check_seconds = follow(session, base, job_url, f"Confirm import of {ROWS} rows", worker.pid, timings)
        bp.say(f"check done in {check_seconds:.0f} s; task worker peak {peak_mb(worker.pid):.0f} MB")
        confirm_url = re.search(r'action="([^"]+/confirm/)"', page)
        assert confirm_url, "no confirm button"
        began = time.perf_counter()
        answer = session.post(base + confirm_url.group(1), data={"csrfmiddlewaretoken": csrf(page)}, allow_redirects=False, timeout=60)
        confirm_seconds = time.perf_counter() - began
        assert answer.status_code == 302, f"the confirm answered {answer.status_code}"
        page, import_seconds = follow(session, base, job_url, "Register imported", worker.pid, timings)
        assert f"{ROWS} entries from register.csv" in page
        web_mb, task_mb = peak_mb(web_worker), peak_mb(worker.pid)
    finally:
        web.terminate()
        worker.terminate()
        web.wait(timeout=30)
        worker.wait(timeout=30)
    bp.result(f"Web import, {ROWS:,} rows: upload request", f"{upload_seconds:.2f} s")
    bp.result(f"Web import, {ROWS:,} rows: confirm request", f"{confirm_seconds:.2f} s")
    bp.result(f"Web import, {ROWS:,} rows: progress page, slowest of {len(timings)}", f"{max(timings):.2f} s")
    bp.result(f"Web import, {ROWS:,} rows: check (dry run) in the worker", f"{check_seconds:.0f} s")
    bp.result(f"Web import, {ROWS:,} rows: import in the worker", f"{import_seconds:.0f} s")
    bp.result(f"Web import, {ROWS:,} rows: task worker peak memory", f"{task_mb:.0f} MB")
    bp.result(f"Web import, {ROWS:,} rows: web worker peak memory", f"{web_mb:.0f} MB", f"< {WEB_LIMIT_MB} MB", web_mb < WEB_LIMIT_MB)
    path.unlink()
    if os.environ.get("BENCH_KEEP_DB") != "1":
        bp.drop_database()
    if web_mb >= WEB_LIMIT_MB:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
