"""Steps 8 and 9 of `make bench` (run by bench_scale.py, which sets up the database):

8. multi-council: 10 councils x 2,000 live entries; one client in each of 9 councils checking (HTML and API),
   with one change a second in the tenth council for a run's length, and with no changes for as long (half
   before, half after); the other councils' p95 and throughput against the quiet runs (target: p95 within 10 %);
9. gunicorn worker class: 2 sync workers against 2 gthread workers with 4 threads each (`make demo` and the
   deployment files use the latter), on the same councils, in paired runs whose order alternates.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import bench_protect as bp
import bench_scale as bs
import loadgen as lg

COUNCILS = 10
ENTRIES = 300 if bs.QUICK else 2_000
PAIRS = 1 if bs.QUICK else 3
PAIR_SECONDS = 10.0 if bs.QUICK else 25.0


def build(tmp: Path) -> list[dict]:  # type: ignore[type-arg]
    from datagen import add_register, bench_council, bench_users, read_addresses, write_gazetteer
    from django.db import connection, transaction

    from safecontact.people.gazetteer import gazetteer_import

    start = time.perf_counter()
    csv = tmp / "llpg-multi.csv"
    write_gazetteer(csv, random.Random(bp.SEED + 80), 5 * ENTRIES)
    addresses = read_addresses(csv)
    councils = []
    for k in range(COUNCILS):
        council = bench_council(slug=f"multi-{k}", name=f"Multi {k} Council")
        report = gazetteer_import(actor=None, council=council, path_or_file=csv)
        assert report.imported, report.errors[:5]
        with transaction.atomic():
            users = bench_users(council, email_domain=f"multi-{k}.bench.test")
        made = add_register(council=council, users=users, rng=random.Random(bp.SEED + 81 + k), addresses=addresses,
                            n_people=bs.PEOPLE_PER_ENTRY * ENTRIES, n_measures=ENTRIES)
        councils.append({"council": council, "users": users, "addresses": addresses} | made)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    bp.say(f"{COUNCILS} councils x {ENTRIES:,} live entries built in {time.perf_counter() - start:.0f} s")
    return councils


def run(chosen: set[int], tmp: Path, table: Callable[[str, list[str], list[list[str]]], None]) -> None:
    councils = build(tmp)
    # One client per council 1-9 (council 0 is the one that changes).
    who = [bs.identities(c["council"], c, f"multi-{k}", n=1)[0] for k, c in enumerate(councils) if k > 0]
    if 8 in chosen:
        multi_council(councils, who, table)
    if 9 in chosen:
        worker_class(who, table)


def multi_council(councils: list[dict], who: list[lg.Identity], table: Callable) -> None:  # type: ignore[type-arg]
    people = [s["person"].pk for s in councils[0]["flagged"] if s["dob"]][:300]
    rng = random.Random(bp.SEED + 9)
    with lg.gunicorn(port=bp.free_port()) as server:
        clients = [lg.Client(server.base, w, random.Random(rng.random())) for w in who]
        lg.drive(server, clients, lg.checks_only, count=12 * len(clients))  # every council's index in both workers
        quiet, busy, changes = bs.quiet_and_busy(server, clients, people)  # phases alternating, ABBA
    rows = []
    for name, r in (("No changes", quiet), (f"One change a second in council 0 ({changes} changes)", busy)):
        t = r.all_times()
        rows.append([name, f"{r.rate():.1f}", *(lg.fmt_ms(lg.pct(t, p)) for p in (50, 95, 99)), str(r.errors)])
    p95 = lg.pct(busy.all_times(), 95) / lg.pct(quiet.all_times(), 95) - 1
    loss = 1 - busy.rate() / quiet.rate() if quiet.rate() else float("nan")
    rows.append(["Other councils' p95 under changes vs none (target within 10 %)", "", "", f"{p95:+.1%}", "", bs.verdict(p95 <= 0.10)])
    rows.append(["Other councils' throughput change", f"{-loss:+.1%}", "", "", "", ""])
    table(f"Multi-council: {COUNCILS} councils x {ENTRIES:,} live entries, {len(who)} clients (one in each of councils 1-9), "
          f"{bs.RUN_SECONDS:.0f} s with changes against as long without ({bs.PHASES} phases of each, alternating)",
          ["Run", "Checks/s", "p50 ms", "p95 ms", "p99 ms", "Errors / verdict"], rows)


def worker_class(who: list[lg.Identity], table: Callable) -> None:  # type: ignore[type-arg]
    """Paired runs: sync then gthread, gthread then sync, ...; the same clients, requests interleaved trivial / HTML / API."""
    rng = random.Random(bp.SEED + 10)
    results: dict[str, list[lg.Run]] = {"sync": [], "gthread": []}
    for pair in range(PAIRS):
        order = ("sync", "gthread") if pair % 2 == 0 else ("gthread", "sync")
        for name in order:
            with lg.gunicorn(port=bp.free_port(), threads=1 if name == "sync" else 4) as server:
                clients = [lg.Client(server.base, w, random.Random(rng.random())) for w in who[:bs.CLIENTS]]
                lg.drive(server, clients, lg.checks_only, count=12 * len(clients))
                results[name].append(lg.drive(server, clients, lg.interleaved, seconds=PAIR_SECONDS))
    rows = []
    for name, label in (("sync", "2 sync workers"), ("gthread", "2 workers x 4 threads (gthread)")):
        runs = results[name]
        rows.append([label, " / ".join(f"{r.rate():.0f}" for r in runs),
                     " / ".join(lg.fmt_ms(lg.pct(r.times.get("html", []), 95)) for r in runs),
                     " / ".join(lg.fmt_ms(lg.pct(r.times.get("api", []), 95)) for r in runs),
                     " / ".join(lg.fmt_ms(lg.pct(r.times.get("trivial", []), 95)) for r in runs),
                     " / ".join(f"{r.cpu_ms_per_request():.1f}" for r in runs), str(sum(r.errors for r in runs))])
    sync_rate = sum(r.rate() for r in results["sync"]) / PAIRS
    thread_rate = sum(r.rate() for r in results["gthread"]) / PAIRS
    sync_api = sum(lg.pct(r.times.get("api", []), 95) for r in results["sync"]) / PAIRS
    thread_api = sum(lg.pct(r.times.get("api", []), 95) for r in results["gthread"]) / PAIRS
    better = "sync" if sync_rate >= thread_rate else "gthread"
    rows.append([f"Mean: gthread / sync throughput {thread_rate / sync_rate - 1:+.1%}, API p95 {thread_api / sync_api - 1:+.1%}",
                 f"faster: {better}", "", "", "", "", ""])
    table(f"Worker class, {PAIRS} paired runs of {PAIR_SECONDS:.0f} s, {min(len(who), bs.CLIENTS)} clients, mixed requests (each run's value in order)",
          ["Server", "req/s", "HTML p95 ms", "API p95 ms", "Trivial p95 ms", "Worker CPU ms / req", "Errors"], rows)
