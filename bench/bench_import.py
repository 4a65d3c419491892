"""Just the register import step of bench_protect.py: a 10,000-row spreadsheet, dry run and real run (rolled back),
against the same generated council (150k gazetteer addresses, 20k people, 5k live measures) on PostgreSQL.

    BENCH_DB_NAME=sc_bench_import .venv/bin/python bench/bench_import.py

BENCH_KEEP_DB=1 keeps the database; BENCH_REUSE_DB=1 skips building it again (after a kept run).
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

import bench_protect as bp  # sets DATABASE_URL and the settings module from BENCH_DB_NAME


def main() -> None:
    if os.environ.get("BENCH_SKIP_IMPORT") == "1":
        bp.say("register import skipped (BENCH_SKIP_IMPORT=1)")
        return
    reuse = os.environ.get("BENCH_REUSE_DB") == "1"
    if not reuse:
        bp.say(f"PostgreSQL database {bp.DB_NAME}: recreating")
        bp.recreate_database()
    import django

    django.setup()
    from datagen import build_council, write_gazetteer
    from django.core.management import call_command
    from django.db import connection

    from safecontact.accounts.models import Organisation, User
    from safecontact.people.gazetteer import gazetteer_import

    tmp = Path(tempfile.mkdtemp(prefix="sc-bench-import-"))
    gazetteer = tmp / "llpg.csv"
    write_gazetteer(gazetteer, random.Random(bp.SEED), 150_000)
    if reuse:
        data = _reload(gazetteer, Organisation, User)
    else:
        call_command("migrate", verbosity=0)
        report = gazetteer_import(actor=None, path_or_file=gazetteer)
        assert report.imported, report.errors[:5]
        start = time.perf_counter()
        data = build_council(seed=bp.SEED, gazetteer_csv=gazetteer)
        bp.say(f"council generated in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    bp.say(f"load average before the import: {os.getloadavg()}; CPU calibration {bp.cpu_calibration() * 1000:.0f} ms")
    bp.register_import_timing(data, tmp)
    bp.say(f"load average after the import: {os.getloadavg()}")
    if os.environ.get("BENCH_KEEP_DB") != "1" and not reuse:
        bp.drop_database()


def _reload(gazetteer: Path, organisation, user) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The same dict build_council returns, rebuilt from a kept database (same seed, same specs)."""
    import csv

    from datagen import make_people_specs

    from safecontact import matching

    rng = random.Random(bp.SEED)
    with gazetteer.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        addresses = [(r[0], f"{r[1]}, {r[2]}".strip(", "), r[3], matching.normalise_postcode(r[4]) or "") for r in reader]
    council = organisation.objects.get(slug="benchshire")
    users = {u.email.split("@")[0]: u for u in user.objects.filter(organisation=council)}
    specs = make_people_specs(rng, 20_000, addresses)
    flagged = set(rng.sample(range(20_000), 5_000))
    return {"council": council, "users": users, "addresses": addresses,
            "unflagged": [specs[j] for j in range(20_000) if j not in flagged]}


if __name__ == "__main__":
    main()
