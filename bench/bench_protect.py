"""Benchmark of the Protect features on PostgreSQL (see bench/README.md). One run reports (step numbers as in
the README; BENCH_STEPS=4 runs only the match quality step, on the same generated data):

1. the 150,000-row gazetteer import (PostgreSQL and SQLite);
2. generating the council (20,000 people, 5,000 live measures);
3. check latency (p50/p95) and throughput against a trivial signed-in page, over gunicorn;
4. match quality: recall over variants of flagged people (incl. the families of issue 15), false "precautions
   apply" and the "possible match" rate for people not on the register (namesakes with another date of birth,
   name + postcode, invented people);
5. a 10,000-row register import.

Writes the table to stdout and bench/results/latest.md.
"""

from __future__ import annotations

import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB_NAME = os.environ.get("BENCH_DB_NAME", "sc_bench")  # another name keeps concurrent runs apart
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SEED = int(os.environ.get("BENCH_SEED", "20260401"))
N_REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
N_VARIANTS = int(os.environ.get("BENCH_VARIANTS", "10000"))  # the 10,000; about 2 min on 2 cores
VAR = Path(tempfile.mkdtemp(prefix="sc-bench-var-"))
os.environ.update({"DATABASE_URL": DB_URL, "DJANGO_SETTINGS_MODULE": "config.settings.base", "SAFECONTACT_VAR_DIR": str(VAR),
                   "DEBUG": "false", "LOG_LEVEL": "ERROR",
                   # One bench user sends hundreds of checks a minute: the limiter still runs (its cost is timed) but
                   # must not refuse them (a person's limit is 60 a minute, issue 10).
                   "CHECK_RATE_PER_MINUTE": "1000000", "CHECK_RATE_PER_DAY": "1000000"})
RESULTS: list[tuple[str, str, str, str]] = []  # (measure, value, target, verdict)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def result(measure: str, value: str, target: str = "", ok: bool | None = None) -> None:
    RESULTS.append((measure, value, target, "" if ok is None else ("met" if ok else "NOT MET")))
    say(f"{measure}: {value} {('(target ' + target + ')') if target else ''}")


def cpu_calibration() -> float:
    """Seconds for a fixed pure-Python loop: the VM's speed varies by tens of per cent between runs, so a reader
    can tell a slower machine from slower code when comparing runs (ratios within one run need no such help)."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i % 7
    return time.perf_counter() - start


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


# --------------------------------------------------------------------------- 3b. gazetteer
def gazetteer_sqlite(csv_path: Path) -> float:
    """The same file into a fresh embedded SQLite database, through the management command."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"SAFECONTACT_VAR_DIR": tempfile.mkdtemp(prefix="sc-bench-sqlite-")}
    py = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([py, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([py, "manage.py", "shell", "-c", "from safecontact.accounts.models import Organisation as O; "
                    "O.objects.create(name='Benchshire Council', slug='benchshire', kind='council')"], cwd=ROOT, env=env, check=True)
    start = time.perf_counter()
    subprocess.run([py, "manage.py", "import_gazetteer", str(csv_path), "--council", "benchshire"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


# --------------------------------------------------------------------------- 1. latency
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(user, council) -> str:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store.update({"_auth_user_id": str(user.pk), "_auth_user_backend": "allauth.account.auth_backends.AuthenticationBackend",
                  "_auth_user_hash": user.get_session_auth_hash(), "council_id": str(council.pk)})
    store.create()
    return store.session_key or ""


def check_form(q, purpose: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"name": q.name, "date_of_birth": q.date_of_birth.strftime("%d/%m/%Y") if q.date_of_birth else "",
            "postcode": (q.postcode or "").strip()[:10], "address": "", "uprn": "", "purpose": purpose, "planned_for": ""}


def latency(data: dict, queries: list) -> None:  # type: ignore[type-arg]
    import requests

    from safecontact.checks.services_api import api_client_create

    council, user = data["council"], data["users"]["staff"]
    _client, token = api_client_create(name="Bench CRM", council=council, organisation=council)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--log-level", "warning"], cwd=ROOT, env=os.environ.copy())
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        cookie = session_cookie(user, council)

        def browser() -> tuple[requests.Session, str]:
            s = requests.Session()
            s.cookies.set("sessionid", cookie, domain="127.0.0.1")
            page = s.get(f"{base}/checks/", timeout=10)
            assert page.status_code == 200 and not page.history, f"/checks/ answered {page.status_code} at {page.url}: is the session accepted?"
            token_match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            assert token_match, "no CSRF token on /checks/"
            return s, token_match.group(1)

        s, csrf = browser()
        purposes = ["home_visit", "phone_call", "meeting", "other"]
        rng = random.Random(SEED + 1)

        def post_check(sess: requests.Session, token: str, q) -> float:  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            r = sess.post(f"{base}/checks/", data=check_form(q, rng.choice(purposes)) | {"csrfmiddlewaretoken": token},
                          allow_redirects=False, timeout=30)
            elapsed = time.perf_counter() - start
            assert r.status_code == 302, f"check answered {r.status_code}"
            return elapsed

        def get_home(sess: requests.Session) -> float:
            start = time.perf_counter()
            r = sess.get(f"{base}/", timeout=30)
            elapsed = time.perf_counter() - start
            assert r.status_code == 200, f"home answered {r.status_code}"
            return elapsed

        def post_api(sess: requests.Session, q) -> float:  # type: ignore[no-untyped-def]
            body = {"name": q.name, "date_of_birth": q.date_of_birth.isoformat() if q.date_of_birth else None,
                    "postcode": (q.postcode or "").strip()[:10], "purpose": "home_visit", "requested_by": "Bench officer"}
            start = time.perf_counter()
            r = sess.post(f"{base}/api/v1/checks", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=30)
            elapsed = time.perf_counter() - start
            assert r.status_code in (200, 201), f"API answered {r.status_code}: {r.text[:200]}"
            return elapsed

        for q in queries[:20]:  # warm up both workers
            post_check(s, csrf, q)
            get_home(s)
        checks = [post_check(s, csrf, q) for q in queries[:N_REQUESTS]]
        homes = [get_home(s) for _ in range(N_REQUESTS)]
        api = [post_api(requests.Session(), q) for q in queries[N_REQUESTS : 2 * N_REQUESTS]]

        def concurrent(work) -> float:  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            with ThreadPoolExecutor(4) as pool:
                list(pool.map(work, range(4 * 50)))
            return 4 * 50 / (time.perf_counter() - start)

        sessions = [browser() for _ in range(4)]
        check_tput = concurrent(lambda i: post_check(*sessions[i % 4], queries[2 * N_REQUESTS + i % 500]))
        home_tput = concurrent(lambda i: get_home(sessions[i % 4][0]))
    finally:
        server.terminate()
        server.wait(timeout=20)
    ms = lambda v: f"{v * 1000:.0f} ms"  # noqa: E731
    result("Trivial page GET / p50 / p95", f"{ms(pct(homes, 50))} / {ms(pct(homes, 95))}")
    result("Check POST /checks/ p50 / p95", f"{ms(pct(checks, 50))} / {ms(pct(checks, 95))}")
    result("API POST /api/v1/checks p50 / p95", f"{ms(pct(api, 50))} / {ms(pct(api, 95))}")
    ratio = pct(checks, 95) / pct(homes, 95)
    result("p95(check) / p95(trivial page)", f"{ratio:.2f}x", "<= 2x", ratio <= 2)
    api_ratio = pct(api, 95) / pct(homes, 95)
    result("p95(API check) / p95(trivial page)", f"{api_ratio:.2f}x", "<= 2x", api_ratio <= 2)
    result("Throughput, 4 threads: checks / trivial page", f"{check_tput:.0f} / {home_tput:.0f} req/s")


# --------------------------------------------------------------------------- 4. match quality
def _match_worker(args: tuple) -> list[tuple[str, bool, bool, tuple]]:  # type: ignore[type-arg]
    """In a forked process: (label, expected person found, any strong match, the people matched) for each query."""
    council_pk, items = args
    from safecontact.accounts.models import Organisation
    from safecontact.checks.matcher import find_matches

    council = Organisation.objects.get(pk=council_pk)
    out = []
    for label, person_pk, q in items:
        matches = find_matches(council=council, query=q)
        out.append((label, any(m.measure.person_id == person_pk for m in matches), any(m.tier == "strong" for m in matches),
                    tuple(m.measure.person_id or m.measure.premises_id for m in matches)))
    return out


def _run_matches(council, items: list) -> tuple[list, float]:  # type: ignore[no-untyped-def,type-arg]
    from multiprocessing import get_context

    from django.db import connections

    connections.close_all()
    workers = max(1, min(4, os.cpu_count() or 1))
    chunks = [(council.pk, items[i::workers * 8]) for i in range(workers * 8)]
    start = time.perf_counter()
    with get_context("fork").Pool(workers) as pool:
        results = [r for part in pool.map(_match_worker, chunks) for r in part]
    return results, time.perf_counter() - start


#: Variant families added in issue 15 (matching.variant_families): their recall is also shown on its own.
BROADENED = ("end_short_form", "diminutive", "surname_sound", "surname_sound_no_dob", "prefix_spacing", "prefix_spacing_no_dob", "dob_slip")


def match_quality(data: dict) -> None:  # type: ignore[type-arg]
    """Recall over variants of flagged people; for people NOT on the register, false "precautions apply" and the
    "possible match" rate (each costs Customer Relations a call: issue 15) split by how the checker asked."""
    from datagen import make_people_specs

    from safecontact.matching.variant_families import clearly_different_dob
    from safecontact.matching.variants import broadened_variants, make_labelled_variants

    council = data["council"]
    rng = random.Random(SEED + 2)
    picks = []
    for spec in rng.sample(data["flagged"], min(len(data["flagged"]), (N_VARIANTS + 1) // 2)):
        variants = make_labelled_variants(spec["given"], spec["family"], spec["dob"], spec["address"][3], rng)
        picks += [(label, spec["person"].pk, q) for label, q in rng.sample(variants, 2)]
    picks = picks[:N_VARIANTS]
    broad = []  # every broadened variant of 1,500 flagged people, so each family is measured on enough queries
    for spec in rng.sample(data["flagged"], min(len(data["flagged"]), 1500)):
        broad += [(label, spec["person"].pk, q) for label, q in broadened_variants(spec["given"], spec["family"], spec["dob"],
                                                                                   spec["address"][3], rng)]
    found, seconds_flagged = _run_matches(council, picks + broad)
    recall = sum(1 for _, hit, _, _ in found if hit) / len(found)
    result(f"Recall over {len(found)} variants of flagged people (incl. {len(broad)} extra from the broadened families)", f"{recall:.2%}",
           ">= 99.5 %", recall >= 0.995)
    by_kind: dict[str, list[int]] = {}
    for label, hit, _, _ in found:
        by_kind.setdefault(label, [0, 0])[0 if hit else 1] += 1
    broad_hits = sum(by_kind.get(k, [0, 0])[0] for k in BROADENED)
    broad_total = sum(sum(by_kind.get(k, [0, 0])) for k in BROADENED)
    if broad_total:
        result(f"  of which the broadened families ({broad_total})", f"{broad_hits / broad_total:.2%}", ">= 99.5 %",
               broad_hits / broad_total >= 0.995)
    say("recall by variant kind: " + ", ".join(f"{k} {h}/{h + m}" for k, (h, m) in sorted(by_kind.items())))
    # Not on the register. Namesakes: a flagged person's exact name with a date of birth that clearly differs (year, month
    # and day). Name + postcode: people on record without a measure, and invented people, asked about by name and postcode
    # only. Invented: people not on record at all, asked about as staff type (a random variant of their own details).
    namesakes = [spec for spec in rng.sample(data["flagged"], min(len(data["flagged"]), 2000)) if spec["dob"]]
    invented = make_people_specs(random.Random(SEED + 3), N_VARIANTS // 2, data["addresses"])
    on_record = rng.sample(data["unflagged"], N_VARIANTS // 4)
    items = [("namesake_other_dob", None, _query(f"{s['given']} {s['family']}", dob=clearly_different_dob(s["dob"], rng)))
             for s in namesakes]
    items += [("name_and_postcode", None, _query(f"{s['given']} {s['family']}", postcode=s["address"][3]))
              for s in on_record + invented[: N_VARIANTS // 4]]
    for s in invented:
        label, q = rng.choice(make_labelled_variants(s["given"], s["family"], s["dob"], s["address"][3], rng))
        items.append(("invented", None, q))
    answers, seconds_others = _run_matches(council, items)
    false_strong = sum(1 for _, _, strong, _ in answers if strong)
    rate = false_strong / len(answers)
    result(f"False 'precautions apply' over {len(answers)} queries about people not on the register", f"{rate:.2%} ({false_strong})",
           "<= 0.1 %", rate <= 0.001)
    targets = {"namesake_other_dob": ("<= 2 %", 0.02)}
    names = {"namesake_other_dob": "namesakes of flagged people, clearly different DOB",
             "name_and_postcode": "name + postcode only (on record without a measure, or invented)",
             "invented": "invented people (a variant as staff type it)"}
    undated = {s["person"].pk for s in data["flagged"] if s["dob"] is None}
    for label, title in names.items():
        group = [a for a in answers if a[0] == label]
        possible = [people for _, _, strong, people in group if people and not strong]
        share = len(possible) / len(group) if group else 0.0
        target, limit = targets.get(label, ("", None))
        result(f"'Possible match' rate, {title} ({len(group)})", f"{share:.2%} ({len(possible)})", "" if limit is None else "see next",
               None)
        # A register entry with no date of birth cannot be told from a namesake by the date: those stay possible matches
        # (G2), and their share grows with the register's size and its missing dates. The rule and its target are about
        # entries whose date of birth is recorded and clearly differs.
        dated = sum(1 for people in possible if set(people) - undated)
        dated_share = dated / len(group) if group else 0.0
        result("  of which against an entry with a recorded date of birth", f"{dated_share:.2%} ({dated})", target,
               None if limit is None else dated_share <= limit)
    per_query = (seconds_flagged + seconds_others) / (len(found) + len(answers))
    result(f"find_matches wall time per query ({min(4, os.cpu_count() or 1)} processes)", f"{per_query * 1000:.1f} ms")


def _query(name: str, dob=None, postcode: str | None = None):  # type: ignore[no-untyped-def]
    from safecontact.matching import Query

    return Query(name=name, date_of_birth=dob, postcode=postcode)


def index_rebuild(data: dict) -> None:  # type: ignore[type-arg]
    """What a register change costs: each worker rebuilds its index of the live register on its next check."""
    from django.db import connection

    from safecontact.checks import register_index, register_version

    token = register_version.current(connection, data["council"].pk)
    assert token is not None, "register version triggers missing"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        index = register_index.build(data["council"], token)
        times.append(time.perf_counter() - start)
    result("Live register index rebuild after a register change (each worker, once)",
           f"{sorted(times)[1] * 1000:.0f} ms ({len(index.people):,} people, {len(index.people_by_key):,} keys)")


# --------------------------------------------------------------------------- main
def steps() -> set[int]:
    """BENCH_STEPS=4 (or "3,4"...) runs only those steps; the data they need (gazetteer, council) is still built."""
    text = os.environ.get("BENCH_STEPS", "").strip()
    return {int(p) for p in re.split(r"[ ,]+", text) if p} if text else {1, 2, 3, 4, 5}


def main() -> None:
    began = time.perf_counter()
    chosen = steps()
    result("CPU calibration: a fixed pure-Python loop (lower is a faster machine)", f"{cpu_calibration() * 1000:.0f} ms")
    say(f"PostgreSQL database {DB_NAME}: recreating (steps {sorted(chosen)})")
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if 3 in chosen:
        call_command("collectstatic", interactive=False, verbosity=0)
    from datagen import bench_council, build_council, write_gazetteer

    from safecontact.people.gazetteer import gazetteer_import

    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-"))
    gazetteer = tmp / "llpg.csv"
    write_gazetteer(gazetteer, random.Random(SEED), 150_000)
    start = time.perf_counter()
    report = gazetteer_import(actor=None, council=bench_council(), path_or_file=gazetteer)
    pg_seconds = time.perf_counter() - start
    assert report.imported and report.created == 150_000, report.errors[:5]
    if 1 in chosen:
        result("Gazetteer import, 150,000 rows, PostgreSQL", f"{pg_seconds:.1f} s", "< 60 s", pg_seconds < 60)
        sqlite_seconds = gazetteer_sqlite(gazetteer)
        result("Gazetteer import, 150,000 rows, SQLite (command, incl. start-up)", f"{sqlite_seconds:.1f} s", "< 60 s", sqlite_seconds < 60)
    start = time.perf_counter()
    data = build_council(seed=SEED, gazetteer_csv=gazetteer)
    result("Generate 20,000 people + 5,000 live measures (bulk_create)", f"{time.perf_counter() - start:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    from safecontact.matching.variants import make_variants

    if 3 in chosen:
        rng = random.Random(SEED + 5)
        queries = []
        for spec in rng.sample(data["flagged"], 700) + rng.sample(data["unflagged"], 700):
            # The check form refuses a name alone (it needs a DOB, postcode or address with it).
            usable = [q for q in make_variants(spec["given"], spec["family"], spec["dob"], spec["address"][3], rng) if q.date_of_birth or q.postcode]
            queries.append(rng.choice(usable))
        rng.shuffle(queries)
        say("latency over gunicorn")
        latency(data, queries)
        index_rebuild(data)
    if 4 in chosen:
        say("match quality")
        match_quality(data)
    if os.environ.get("BENCH_SKIP_IMPORT") == "1" or 5 not in chosen:
        say("register import skipped (BENCH_SKIP_IMPORT=1 or BENCH_STEPS)")
    else:
        say("register import")
        from bench_import import register_import_timing  # its own script; make bench runs it there

        register_import_timing(data, tmp)
    total = time.perf_counter() - began
    result("Benchmark wall time", f"{total / 60:.1f} min")
    report_table()
    if os.environ.get("BENCH_KEEP_DB") != "1":
        drop_database()


def report_table() -> None:
    machine = f"{platform.node()} ({os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()})"
    lines = [f"# Benchmark results ({time.strftime('%Y-%m-%d %H:%M')}, {machine}, PostgreSQL)", "",
             "| Measure | Value | Target | |", "|---|---|---|---|"]
    lines += [f"| {m} | {v} | {t} | {k} |" for m, v, t, k in RESULTS]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
