"""The checks' register index (issue 16, items 1 and 4): rebuild time with the garbage collector running or
paused, from one row per search key or one aggregated row per person (as now), and the update after one change (the
change log's delta path), at growing numbers of live entries (two people on record per entry, as bench_scale.py).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sc_index_timing .venv/bin/python bench/index_timing.py 5000 20000 50000

Makes the database if missing and a fresh council per size; prints a table. The median of REPEATS runs each.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
REPEATS = 3


def setup() -> None:
    import dj_database_url
    import psycopg

    url = os.environ["DATABASE_URL"]
    cfg = dj_database_url.parse(url)
    with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def timed(fn, repeats: int = REPEATS) -> str:  # type: ignore[no-untyped-def]
    """Median wall-clock / this process's CPU milliseconds: the CPU figure is what a loaded machine (other jobs, the
    database on the same cores) does not inflate; the database's own time is in the wall figure only."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return f"{statistics.median(walls):.0f} / {statistics.median(cpus):.0f}"


def build_per_key(council, token: str):  # type: ignore[no-untyped-def]
    """The index as it was built before issue 16: one row per search key (register_index.build now reads one
    aggregated row per person)."""
    from safecontact.checks import register_index as ri
    from safecontact.people.matching_records import candidates_from_values

    by_key: dict[str, list[object]] = {}
    keys_of: dict[object, list[str]] = {}
    people: dict[object, ri.PersonRow] = {}
    with ri._gc_paused():
        for person_id, key, given, family, dob in ri.key_rows(council).iterator(chunk_size=5000):
            by_key.setdefault(key, []).append(person_id)
            keys_of.setdefault(person_id, []).append(key)
            people[person_id] = (given, family, dob)
        candidates = {c.person_id: c for c in candidates_from_values(people)}
        return ri.LiveRegisterIndex(token=token, people_by_key={k: tuple(v) for k, v in by_key.items()}, people=people,
                                    candidates=candidates, premises_places=ri._premises_places(council),
                                    keys_of={k: tuple(v) for k, v in keys_of.items()})


def main(sizes: list[int]) -> None:
    setup()
    from datagen import add_register, bench_council, bench_users, write_gazetteer
    from django.db import connection, transaction

    from safecontact.accounts.models import Organisation
    from safecontact.checks import register_index as ri
    from safecontact.people.matching_records import refresh_search_keys
    from safecontact.people.models import Address, Person, PersonAlias

    rng = random.Random(16)
    with tempfile.TemporaryDirectory() as tmp:
        gazetteer = write_gazetteer(Path(tmp) / "llpg.csv", rng, 30_000)
    rows = []
    for size in sizes:
        # A council made by an earlier run of this size is reused (making 50,000 entries takes minutes).
        council = (Organisation.objects.filter(slug__startswith=f"index-timing-{size}-", measures__isnull=False)
                   .order_by("-created_at").first())
        made = 0.0
        if council is None:
            with transaction.atomic():
                council = bench_council(slug=f"index-timing-{size}-{uuid.uuid4().hex[:8]}", name=f"Index timing {size}")
                Address.objects.bulk_create([Address(council=council, uprn=u, line1=line, town=town, postcode=pc)
                                             for u, line, town, pc in gazetteer], batch_size=5000)
                users = bench_users(council, email_domain=f"{council.slug}.test")
            start = time.perf_counter()
            add_register(council=council, users=users, rng=rng, addresses=gazetteer, n_people=size * 2, n_measures=size)
            made = time.perf_counter() - start
            with connection.cursor() as cursor:  # fresh statistics, as autovacuum would give a real import in a while
                cursor.execute("ANALYZE")
        key = (connection.settings_dict["NAME"], council.pk)
        ri._indexes.pop(key, None)
        first = ri.index_for(council)
        assert first is not None
        real_pause = ri._gc_paused
        ri._gc_paused = nullcontext  # type: ignore[assignment]
        try:
            with_gc = timed(lambda c=council: build_per_key(c, "t"))
        finally:
            ri._gc_paused = real_pause
        paused = timed(lambda c=council: build_per_key(c, "t"))
        aggregated = timed(lambda c=council: ri.build(c, "t"))
        a, b = build_per_key(council, "t"), ri.build(council, "t")
        assert {k: sorted(v, key=str) for k, v in a.people_by_key.items()} == {k: sorted(v, key=str) for k, v in b.people_by_key.items()}
        # One change (an alias for somebody on the register), then the next check's update: the delta path.
        people = list(first.people)
        updates = []
        for _ in range(7):
            person = Person.objects.get(pk=rng.choice(people))
            PersonAlias.objects.create(person=person, given_names="Bill", family_name=rng.choice(["Smith", "Jones", "Nowak"]))
            refresh_search_keys(person)
            before = ri._indexes[key]
            wall, cpu = time.perf_counter(), time.process_time()
            with transaction.atomic():
                after = ri.index_for(council)
            updates.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
            assert after is not None and after is not before and after.position > before.position
        update_wall, update_cpu = (statistics.median(u[i] for u in updates) for i in (0, 1))
        rows.append([f"{size:,}", f"{len(first.people):,}", f"{made:.0f} s" if made else "(earlier run)", with_gc, paused, aggregated,
                     f"{update_wall:.1f} / {update_cpu:.1f}"])
        print(rows[-1], flush=True)
    print("\nmilliseconds as wall clock / this process's CPU")
    print("\n| live entries | people indexed | data made in | rebuild, row per key, GC on | rebuild, row per key, GC paused "
          "| rebuild, row per person, GC paused (now) | update after one change (median of 7) |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5_000, 20_000])
