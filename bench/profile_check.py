"""Profile the pre-contact check in process (not a benchmark: `make bench` is the one that reports figures).

    .venv/bin/python bench/profile_check.py --rebuild   # first time: build the bench data into its own database
    .venv/bin/python bench/profile_check.py             # then: time and profile against the same data
    .venv/bin/python bench/profile_check.py --queries 500 --top 40 --sort tottime

The data is the bench's (`datagen.py`: a 150,000-address gazetteer, 20,000 people, 5,000 live measures) in
the PostgreSQL database named by `PROFILE_DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/sc_perf`),
kept between runs so that each run takes seconds. It prints, per query, the wall time (and this process's CPU
time, steadier on a shared machine) of
`checks.matcher.find_matches`, of the whole `checks.services.check_run` (rolled back), of `POST /checks/`
and `GET /` through Django's test client (no HTTP server: the ratio is only indicative), the number of SQL
queries each makes, and a cProfile of `check_run`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB_URL = os.environ.get("PROFILE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sc_perf")
DB_NAME = DB_URL.rsplit("/", 1)[1]
ADMIN_URL = DB_URL.rsplit("/", 1)[0] + "/postgres"
SEED = int(os.environ.get("BENCH_SEED", "20260401"))
os.environ.update({"DATABASE_URL": DB_URL, "DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "false", "LOG_LEVEL": "ERROR",
                   "CHECK_RATE_PER_MINUTE": "1000000", "CHECK_RATE_PER_DAY": "1000000"})  # one busy user, as in bench_protect.py
os.environ.setdefault("SAFECONTACT_VAR_DIR", tempfile.mkdtemp(prefix="sc-profile-var-"))


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def rebuild(gazetteer_size: int) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    import django

    django.setup()
    from datagen import bench_council, build_council, write_gazetteer
    from django.core.management import call_command
    from django.db import connection

    from safecontact.people.gazetteer import gazetteer_import

    call_command("migrate", verbosity=0)
    path = Path(tempfile.mkdtemp(prefix="sc-profile-")) / "llpg.csv"
    write_gazetteer(path, random.Random(SEED), gazetteer_size)
    say(f"gazetteer: {gazetteer_size} rows")
    report = gazetteer_import(actor=None, council=bench_council(), path_or_file=path)
    assert report.imported, report.errors[:5]
    say("people and measures")
    build_council(seed=SEED, gazetteer_csv=path)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say("built")


def make_queries(n: int) -> list:  # type: ignore[type-arg]
    """Variants of flagged and unflagged people on record, as the check form would take them."""
    from safecontact.matching.variants import make_variants
    from safecontact.people.models import Person
    from safecontact.register.models import LIVE_STATUSES

    rng = random.Random(SEED + 5)
    rows = list(Person.objects.filter(council__slug="benchshire").order_by("pk").values_list(
        "pk", "given_names", "family_name", "date_of_birth", "addresses__address__postcode"))
    flagged = set(Person.objects.filter(measures__status__in=LIVE_STATUSES).values_list("pk", flat=True))
    picks = rng.sample([r for r in rows if r[0] in flagged], n // 2) + rng.sample([r for r in rows if r[0] not in flagged], n - n // 2)
    queries = []
    for _pk, given, family, dob, postcode in picks:
        usable = [q for q in make_variants(given, family, dob, postcode, rng) if q.date_of_birth or q.postcode]
        queries.append(rng.choice(usable))
    rng.shuffle(queries)
    return queries


def timed(label: str, run, items: list) -> list[float]:  # type: ignore[no-untyped-def,type-arg]
    from django.db import connection, reset_queries

    times, counts, cpu = [], [], 0.0
    for item in items:
        reset_queries()
        start, start_cpu = time.perf_counter(), time.process_time()
        run(item)
        times.append(time.perf_counter() - start)
        cpu += time.process_time() - start_cpu
        counts.append(len(connection.queries))
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    say(f"{label:<26} mean {statistics.mean(times) * 1000:6.1f} ms  p50 {statistics.median(times) * 1000:6.1f} ms  "
        f"p95 {p95 * 1000:6.1f} ms  CPU (this process) {cpu / len(items) * 1000:5.1f} ms  SQL queries mean {statistics.mean(counts):.1f} max {max(counts)}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true", help="(re)create the database and the bench data first")
    parser.add_argument("--gazetteer", type=int, default=150_000, help="gazetteer rows when rebuilding")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()
    if args.rebuild:
        rebuild(args.gazetteer)
    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from safecontact import matching
    from safecontact.accounts.models import Organisation, User
    from safecontact.checks.matcher import find_matches
    from safecontact.checks.services import CheckQuery, check_run

    settings.DEBUG = True  # connection.queries, for the query counts
    settings.ALLOWED_HOSTS = ["*"]
    council = Organisation.objects.get(slug="benchshire")
    staff = User.objects.get(email="staff@bench.test")
    queries = make_queries(args.queries)
    say(f"{len(queries)} queries")

    def check_query(q) -> CheckQuery:  # type: ignore[no-untyped-def]
        return CheckQuery(purpose="home_visit", name=q.name, date_of_birth=q.date_of_birth, postcode=(q.postcode or "").strip()[:10])

    def one_check(q) -> None:  # type: ignore[no-untyped-def]
        with transaction.atomic():
            check_run(actor=staff, council=council, query=check_query(q))
            transaction.set_rollback(True)

    for q in queries[:20]:  # warm caches
        one_check(q)
    timed("find_matches", lambda q: find_matches(council=council, query=matching.Query(
        name=q.name, date_of_birth=q.date_of_birth, postcode=(q.postcode or "").strip()[:10] or None)), queries)
    timed("check_run (rolled back)", one_check, queries)

    client = Client()
    client.force_login(staff)
    session = client.session
    session["council_id"] = str(council.pk)
    session.save()

    def post(q) -> None:  # type: ignore[no-untyped-def]
        form = {"name": q.name, "date_of_birth": q.date_of_birth.strftime("%d/%m/%Y") if q.date_of_birth else "",
                "postcode": (q.postcode or "").strip()[:10], "address": "", "uprn": "", "purpose": "home_visit", "planned_for": ""}
        r = client.post("/checks/", form)
        assert r.status_code == 302, r.status_code

    def home(_q) -> None:  # type: ignore[no-untyped-def]
        assert client.get("/").status_code == 200

    checks = timed("POST /checks/ (client)", post, queries)
    homes = timed("GET / (client)", home, queries)
    p95 = lambda v: sorted(v)[int(0.95 * (len(v) - 1))]  # noqa: E731
    say(f"p95 ratio check / home (in process, indicative): {p95(checks) / p95(homes):.2f}x")

    if not args.no_profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for q in queries:
            one_check(q)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
