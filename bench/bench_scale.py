"""Checks at scale (issue 16, item 4): steps 6-9 of `make bench` (see bench/README.md).

6. scale series: one council grown to 1k, 5k, 20k, 50k live entries; at each size p50/p95 of the trivial page,
   the HTML check and the API check at concurrency 1 (interleaved) and 8 (each kind on its own), ratios to the
   trivial page in the same run, the workers' CPU per request of each kind, the index rebuild, the index update after one change, the workers' memory;
7. churn: 8 clients checking for 60 s with one register change a second, against 60 s with no change (30 s
   before and 30 s after);
8. multi-council: 10 councils x 2,000 entries, checks in 9 of them, then the same with changes in the tenth
   (bench_multi.py);
9. gunicorn worker class: sync against gthread (--threads 4), paired runs (bench_multi.py).

BENCH_QUICK=1 runs a small form (sizes 500 and 2,000, 15 s runs) in a few minutes, to try the harness;
BENCH_SIZES=1000,50000 chooses the sizes of the series.
Same server set-up as bench_protect.py: gunicorn with 2 workers, PostgreSQL, `requests` clients.
Writes the tables to stdout and bench/results/scale.md.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("BENCH_DB_NAME", "sc_bench_scale")
import bench_protect as bp  # noqa: E402  (sets the bench's environment: database, settings, raised check limits)
import loadgen as lg  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
SIZES = [500, 2_000] if QUICK else [1_000, 5_000, 20_000, 50_000]
if os.environ.get("BENCH_SIZES", "").strip():  # e.g. BENCH_SIZES=1000,50000: the ends of the series, in less time
    SIZES = sorted(int(s) for s in os.environ["BENCH_SIZES"].split(","))
CHURN_SIZE = SIZES[-1] if QUICK else 20_000
PEOPLE_PER_ENTRY = 2  # people on record per live entry (bench_protect.py has 4; fewer keeps the 50k build in minutes)
N_C1 = 60 if QUICK else 400  # requests of each kind at concurrency 1 (p95 of 150 moved by 0.2x between runs)
N_C8 = 120 if QUICK else 400  # requests of each kind at concurrency 8
RUN_SECONDS = 15.0 if QUICK else 60.0  # churn and multi-council runs, each
PHASES = 2 if QUICK else 8  # quiet and busy phases of the churn and multi-council runs, each (quiet_and_busy)
GAZETTEER_ROWS = 30_000 if QUICK else 150_000
CLIENTS = 8
QUERY_KIND = os.environ.get("BENCH_QUERY_KIND", "")  # "dob": every check gives a date of birth (a diagnostic, not the bench)
TABLES: list[tuple[str, list[str], list[list[str]]]] = []


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    TABLES.append((title, header, rows))
    print("\n" + render(title, header, rows), flush=True)


def render(title: str, header: list[str], rows: list[list[str]]) -> str:
    lines = [f"### {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows]) + "\n"


def verdict(ok: bool) -> str:
    return "met" if ok else "**NOT MET**"


def steps() -> set[int]:
    return {s for s in bp.steps() if s >= 6} if os.environ.get("BENCH_STEPS", "").strip() else {6, 7, 8, 9}


# --------------------------------------------------------------------------- data
def identities(council, data: dict, tag: str, n: int = CLIENTS) -> list[lg.Identity]:  # type: ignore[no-untyped-def,type-arg]
    """n staff users (each with their own session, so their rate-limit counters are their own rows, as for n
    people) and n API clients of the council, asking about variants of its flagged and unflagged people."""
    from datagen import bench_users
    from django.db import transaction

    from safecontact.checks.services_api import api_client_create

    out = []
    for i in range(n):
        with transaction.atomic():
            users = bench_users(council, email_domain=f"{tag}-{i}.bench.test")
        _client, token = api_client_create(name=f"Bench CRM {tag} {i}", council=council, organisation=council)
        out.append(lg.Identity(cookie=bp.session_cookie(users["staff"], council), token=token, queries=[]))
    refresh_queries(out, data)
    return out


def refresh_queries(who: list[lg.Identity], data: dict, n: int = 400) -> None:  # type: ignore[type-arg]
    """Queries as the check form needs them (a DOB or a postcode with the name): half about flagged people."""
    from safecontact.matching.variants import make_variants

    rng = random.Random(bp.SEED + len(data["flagged"]))
    queries = []
    for spec in rng.sample(data["flagged"], min(n // 2, len(data["flagged"]))) + rng.sample(data["unflagged"], min(n // 2, len(data["unflagged"]))):
        usable = [q for q in make_variants(spec["given"], spec["family"], spec["dob"], spec["address"][3], rng) if q.date_of_birth or q.postcode]
        if QUERY_KIND == "dob":  # a diagnostic: only checks with a date of birth (BENCH_QUERY_KIND=dob)
            usable = [q for q in usable if q.date_of_birth] or usable
        queries.append(rng.choice(usable))
    for w in who:
        w.queries = queries


def grow(data: dict, size: int) -> None:  # type: ignore[type-arg]
    """Add people and live entries to the bench council until it has `size` live entries."""
    from datagen import add_register
    from django.db import connection

    have = len(data["flagged"])
    if size <= have:
        return
    start = time.perf_counter()
    made = add_register(council=data["council"], users=data["users"], rng=random.Random(bp.SEED + size), addresses=data["addresses"],
                        n_people=PEOPLE_PER_ENTRY * (size - have), n_measures=size - have, batch=f"S{size}")
    for k in ("people", "specs", "flagged", "unflagged"):
        data[k] += made[k]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    bp.say(f"council grown to {size:,} live entries ({len(data['people']):,} people) in {time.perf_counter() - start:.0f} s")


# --------------------------------------------------------------------------- in-process index timing
def index_timings(council, data: dict) -> tuple[float | None, float | None]:  # type: ignore[no-untyped-def,type-arg]
    """(full build, update after one change) in seconds, in this process, through the checks' own index API.
    The update is timed from the change's commit to the moment `index_for` hands out an index for the new
    register version, whatever the index does inside (a rebuild today, a delta later): median of 5 changes."""
    from django.db import connection

    from safecontact.checks import register_index, register_version

    full = None
    try:
        token = register_version.current(connection, council.pk)
        builds = []
        for _ in range(2):  # the first build in a process also fills the name caches: the faster of two
            start = time.perf_counter()
            register_index.build(council, token)  # type: ignore[arg-type]
            builds.append(time.perf_counter() - start)
        full = min(builds)
    except (AttributeError, TypeError) as error:  # the index's API changed under us: say so, keep the other figures
        bp.say(f"index full build not timed: {error!r}")
    current = wait_for_index(council, None)
    if current is None:
        return full, None
    updates = []
    people = [s["person"].pk for s in data["flagged"] if s["dob"]][:5]
    for k, pk in enumerate(people):
        change_person(pk, +1 if k % 2 == 0 else -1)
        start = time.perf_counter()
        current = wait_for_index(council, current)
        if current is None:
            return full, None
        updates.append(time.perf_counter() - start)
    for k, pk in enumerate(people):
        change_person(pk, -1 if k % 2 == 0 else +1)  # put the dates of birth back
    return full, statistics.median(updates)


def wait_for_index(council, old, timeout: float = 120.0):  # type: ignore[no-untyped-def]
    """The index `index_for` hands out once it is not `old` (a new object, or the same one with a new token)."""
    from safecontact.checks import register_index

    old_token = getattr(old, "token", None)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        index = register_index.index_for(council)
        if index is not None and (index is not old or getattr(index, "token", None) != old_token):
            return index
        time.sleep(0.001)
    return None


def change_person(person_pk, days: int) -> None:  # type: ignore[no-untyped-def]
    """One register change: a flagged person's date of birth moves by a day (the triggers bump the council's version)."""
    from django.db.models import F

    from safecontact.people.models import Person

    Person.objects.filter(pk=person_pk).update(date_of_birth=F("date_of_birth") + timedelta(days=days))


class Changer(threading.Thread):
    """One register change a second (a flagged person's date of birth, moved a day and back), in its own connection."""

    def __init__(self, people: list, every: float = 1.0) -> None:  # type: ignore[type-arg]
        super().__init__(daemon=True)
        self.people, self.every, self.stop, self.changes = people, every, threading.Event(), 0

    def run(self) -> None:
        from django.db import connection

        try:
            next_at = time.perf_counter()
            while not self.stop.is_set():
                pk = self.people[(self.changes // 2) % len(self.people)]
                change_person(pk, +1 if self.changes % 2 == 0 else -1)
                self.changes += 1
                next_at += self.every
                self.stop.wait(max(0.0, next_at - time.perf_counter()))
            if self.changes % 2:  # leave the last date of birth as it was
                change_person(self.people[(self.changes // 2) % len(self.people)], -1)
        finally:
            connection.close()


# --------------------------------------------------------------------------- 6. scale series, 7. churn
def scale_point(data: dict, who: list[lg.Identity], size: int, rows: list[list[str]], figures: dict) -> None:  # type: ignore[type-arg]
    refresh_queries(who, data)
    rng = random.Random(bp.SEED + 7)
    with lg.gunicorn(port=bp.free_port()) as server:
        clients = [lg.Client(server.base, w, random.Random(rng.random())) for w in who]
        lg.drive(server, clients, lg.checks_only, count=10 * len(clients))  # both workers build their index (ADR 0008)
        waited = lg.wait_idle(server)  # ... in the background: measure checks, not the build
        lg.drive(server, clients, lg.checks_only, count=10 * len(clients))
        bp.say(f"size {size:,}: workers idle after {waited:.1f} s")
        # 1 client: the three kinds interleaved, so the machine's drift falls on all three alike.
        one = lg.drive(server, clients[:1], lg.interleaved, count=3 * N_C1)
        add_row(rows, figures, size, 1, {k: one.times.get(k, []) for k in lg.KINDS}, f"{one.rate():.0f} (mixed)",
                f"{one.cpu_ms_per_request():.1f} (mixed)", one.errors)
        # 8 clients: each kind on its own (two rounds), so that its throughput and CPU per request are its own.
        runs: dict[str, list[lg.Run]] = {k: [] for k in lg.KINDS}
        for _round in range(2):
            for kind in lg.KINDS:
                runs[kind].append(lg.drive(server, clients, lambda i, n, kind=kind: kind, count=N_C8 // 2))
        eight = {k: lg.merge(*v) for k, v in runs.items()}
        for k in lg.KINDS:
            figures[(size, "cpu_" + k)], figures[(size, "rate_" + k)] = eight[k].cpu_ms_per_request(), eight[k].rate()
        add_row(rows, figures, size, CLIENTS, {k: eight[k].times.get(k, []) for k in lg.KINDS},
                " / ".join(f"{eight[k].rate():.0f}" for k in lg.KINDS), " / ".join(f"{eight[k].cpu_ms_per_request():.1f}" for k in lg.KINDS),
                sum(r.errors for r in eight.values()))
        rss = server.rss_mb()
    full, update = index_timings(data["council"], data)
    figures[(size, "rss")], figures[(size, "update")], figures[(size, "full")] = max(rss, default=0.0), update, full
    rows[-1][-3:] = ["-" if full is None else f"{full * 1000:,.0f}", "-" if update is None else f"{update * 1000:,.1f}",
                     " / ".join(f"{r:.0f}" for r in rss)]
    bp.say(f"size {size:,}: done")


def add_row(rows: list[list[str]], figures: dict, size: int, clients: int, times: dict[str, list[float]], rate: str, cpu: str,  # type: ignore[type-arg]
            errors: int) -> None:
    p = {k: (lg.pct(times[k], 50), lg.pct(times[k], 95)) for k in lg.KINDS}
    ratio = {k: p[k][1] / p["trivial"][1] for k in ("html", "api")}
    figures[(size, clients)] = ratio
    rows.append([f"{size:,}", str(clients)] + [f"{lg.fmt_ms(p[k][0])} / {lg.fmt_ms(p[k][1])}" for k in lg.KINDS]
                + [f"{ratio['html']:.2f}x", f"{ratio['api']:.2f}x", rate, cpu, str(errors), "", "", ""])


def scale_series(data: dict, who: list[lg.Identity], chosen: set[int]) -> None:  # type: ignore[type-arg]
    rows: list[list[str]] = []
    figures: dict = {}  # type: ignore[type-arg]
    later = []  # the churn table, printed after the scale tables
    for size in SIZES:
        if 6 not in chosen and size > CHURN_SIZE:
            break  # churn alone needs the council no larger than its size
        grow(data, size)
        if 6 in chosen:
            scale_point(data, who, size, rows, figures)
        if size == CHURN_SIZE and 7 in chosen:
            later.append(churn(data, who))
    if 7 in chosen and CHURN_SIZE not in SIZES:
        grow(data, CHURN_SIZE)
        later.append(churn(data, who))
    if 6 in chosen:
        scale_tables(rows, figures)
    for args in later:
        churn_table(*args)


def scale_tables(rows: list[list[str]], figures: dict) -> None:  # type: ignore[type-arg]
    header = ["Live entries", "Clients", "Trivial p50 / p95 ms", "HTML check p50 / p95 ms", "API check p50 / p95 ms",
              "HTML p95 / trivial p95", "API p95 / trivial p95", "req/s (8 clients: trivial / HTML / API)",
              "Worker CPU ms / req (8 clients: trivial / HTML / API)", "Errors",
              "Index full build ms (in process)", "Index update after one change ms", "Worker RSS MB"]
    table("Scale series (gunicorn 2 sync workers, restarted at each size; 1 client: kinds interleaved; 8 clients: each kind on its own)",
          header, rows)
    top = SIZES[-1]
    html, api = figures[(top, 1)]["html"], figures[(top, 1)]["api"]
    update = figures[(top, "update")]
    targets = [
        [f"p95 HTML check / trivial at {top:,} live entries, 1 client", f"{html:.2f}x", "<= 1.5x", verdict(html <= 1.5)],
        [f"p95 API check / trivial at {top:,} live entries, 1 client", f"{api:.2f}x", "<= 1.5x", verdict(api <= 1.5)],
        [f"Index update after one change at {top:,}", "-" if update is None else f"{update * 1000:,.1f} ms", "<= 50 ms",
         verdict(update is not None and update <= 0.05)],
    ]
    small, big = SIZES[0], top
    if big > small and figures.get((small, "rss")) and figures.get((big, "rss")):  # needs two sizes
        per_entry = (figures[(big, "rss")] - figures[(small, "rss")]) * 1024 / (big - small)
        targets.append(["Worker memory per live entry (RSS growth, largest worker)", f"{per_entry:.1f} KB", "", ""])
    for kind, name in (("trivial", "trivial page"), ("html", "HTML check"), ("api", "API check")):
        cpu = [figures[(n, "cpu_" + kind)] for n in SIZES]
        targets.append([f"Worker CPU per {name} by size ({' / '.join(f'{n:,}' for n in SIZES)}) → per core per second",
                        " / ".join(f"{c:.1f}" for c in cpu) + " ms → " + " / ".join(f"{1000 / c:.0f}" for c in cpu), "", ""])
    table("Scale targets", ["Measure", "Value", "Target", ""], targets)


def quiet_and_busy(server: lg.Server, clients: list[lg.Client], people: list) -> tuple[lg.Run, lg.Run, int]:  # type: ignore[type-arg]
    """Checks with no change and with one change a second, each for RUN_SECONDS in PHASES phases that alternate ABBA
    (quiet-busy, busy-quiet, ...), so that the machine's drift over the run (its speed varies by 10-20 % over minutes)
    falls on both alike: one churn run with the quiet half before and after read that drift as a 15.7 % loss (a rerun
    gave 3.9 %), and with 4 phases of each four runs still read -22 % to +17 %. Each change is undone by
    the next, so the same people can change again."""
    runs: dict[str, list[lg.Run]] = {"quiet": [], "busy": []}
    changes = 0
    for phase in range(PHASES):
        for kind in (("quiet", "busy") if phase % 2 == 0 else ("busy", "quiet")):
            changer = Changer(people) if kind == "busy" else None
            if changer is not None:
                changer.start()
            try:
                runs[kind].append(lg.drive(server, clients, lg.checks_only, seconds=RUN_SECONDS / PHASES))
            finally:
                if changer is not None:
                    changer.stop.set()
                    changer.join()
                    changes += changer.changes
    return lg.merge(*runs["quiet"]), lg.merge(*runs["busy"]), changes


def churn(data: dict, who: list[lg.Identity]) -> tuple[str, lg.Run, lg.Run, int]:  # type: ignore[type-arg]
    refresh_queries(who, data)
    people = [s["person"].pk for s in data["flagged"] if s["dob"]][100:400]
    rng = random.Random(bp.SEED + 8)
    with lg.gunicorn(port=bp.free_port()) as server:
        clients = [lg.Client(server.base, w, random.Random(rng.random())) for w in who]
        lg.drive(server, clients, lg.checks_only, count=10 * len(clients))
        quiet, busy, changes = quiet_and_busy(server, clients, people)
    return (f"Churn at {len(data['flagged']):,} live entries: {CLIENTS} clients checking (HTML and API), {RUN_SECONDS:.0f} s with "
            f"changes against as long without ({PHASES} phases of each, alternating)", quiet, busy, changes)


def churn_table(title: str, quiet: lg.Run, busy: lg.Run, changes: int) -> None:
    rows = []
    for name, run in (("No changes", quiet), (f"One change a second ({changes} changes)", busy)):
        t = run.all_times()
        rows.append([name, f"{run.rate():.1f}", *(lg.fmt_ms(lg.pct(t, p)) for p in (50, 95, 99)), str(run.errors)])
    loss = 1 - busy.rate() / quiet.rate() if quiet.rate() else float("nan")
    p99 = lg.pct(busy.all_times(), 99) / lg.pct(quiet.all_times(), 99)
    rows.append(["Throughput loss under changes (target <= 10 %)", f"{loss:.1%}", "", "", "", verdict(loss <= 0.10)])
    rows.append(["p99 under changes / p99 without (target <= 3x)", "", "", "", f"{p99:.2f}x", verdict(p99 <= 3)])
    table(title, ["Run", "Checks/s", "p50 ms", "p95 ms", "p99 ms", "Errors / verdict"], rows)


# --------------------------------------------------------------------------- main
def main() -> None:
    began = time.perf_counter()
    chosen = steps()
    if not chosen:
        bp.say("bench_scale: no step 6-9 chosen (BENCH_STEPS)")
        return
    calibration = bp.cpu_calibration()
    bp.say(f"bench_scale{' (quick)' if QUICK else ''}: steps {sorted(chosen)}, database {bp.DB_NAME}, calibration {calibration * 1000:.0f} ms")
    bp.recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from datagen import bench_council, build_council, write_gazetteer

    from safecontact.people.gazetteer import gazetteer_import

    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-scale-"))
    try:
        if chosen & {6, 7}:
            gazetteer = tmp / "llpg.csv"
            write_gazetteer(gazetteer, random.Random(bp.SEED), GAZETTEER_ROWS)
            report = gazetteer_import(actor=None, council=bench_council(), path_or_file=gazetteer)
            assert report.imported, report.errors[:5]
            data = build_council(seed=bp.SEED, gazetteer_csv=gazetteer, n_people=PEOPLE_PER_ENTRY * SIZES[0], n_measures=SIZES[0])
            from django.db import connection

            with connection.cursor() as cursor:  # as grow() does: without statistics the database path's plans are hopeless
                cursor.execute("ANALYZE")
            who = identities(data["council"], data, "scale")
            scale_series(data, who, chosen)
        if chosen & {8, 9}:
            import bench_multi

            bench_multi.run(chosen, tmp, table)
    finally:
        total = (time.perf_counter() - began) / 60
        machine = f"{os.cpu_count()} cores, calibration {calibration * 1000:.0f} ms, load {os.getloadavg()[0]:.1f}"
        text = (f"# Scale benchmark ({time.strftime('%Y-%m-%d %H:%M')}, {'quick form' if QUICK else 'full'}, {machine}, "
                f"wall time {total:.1f} min)\n\n" + "\n".join(render(*t) for t in TABLES))
        out = bp.ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        (out / ("scale-quick.md" if QUICK else "scale.md")).write_text(text, encoding="utf-8")
        bp.say(f"bench_scale wall time {total:.1f} min; tables in bench/results/")
        if os.environ.get("BENCH_KEEP_DB") != "1":
            bp.drop_database()


if __name__ == "__main__":
    main()
