"""The register import benchmark (step 5 of bench/README.md; bench_protect.py calls it when run alone): a
10,000-row spreadsheet, dry run and real run (rolled back),
against the same generated council (150k gazetteer addresses, 20k people, 5k live measures) on PostgreSQL.

    BENCH_DB_NAME=sc_bench_import .venv/bin/python bench/bench_import.py

BENCH_KEEP_DB=1 keeps the database; BENCH_REUSE_DB=1 skips building it again (after a kept run).
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from datetime import date, timedelta
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
    from datagen import bench_council, build_council, write_gazetteer
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
        report = gazetteer_import(actor=None, council=bench_council(), path_or_file=gazetteer)
        assert report.imported, report.errors[:5]
        start = time.perf_counter()
        data = build_council(seed=bp.SEED, gazetteer_csv=gazetteer)
        bp.say(f"council generated in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    bp.say(f"load average before the import: {os.getloadavg()}; CPU calibration {bp.cpu_calibration() * 1000:.0f} ms")
    register_import_timing(data, tmp)
    bp.say(f"load average after the import: {os.getloadavg()}")
    if os.environ.get("BENCH_KEEP_DB") != "1" and not reuse:
        bp.drop_database()


def write_register_sheet(data: dict, tmp: Path) -> Path:  # type: ignore[type-arg]
    """The 10,000-row spreadsheet: 500 people already on file (no markers), the rest new; 80 % markers."""
    from datagen import make_people_specs

    rng = random.Random(bp.SEED + 4)
    specs = make_people_specs(rng, 10_200, data["addresses"])
    existing = rng.sample(data["unflagged"], 500)
    precautions = ["Visit in pairs", "No lone visits", "Meet only at council offices", "Keep a clear exit", "Phone contact only"]
    path = tmp / "register.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["first_name", "last_name", "aliases", "date_of_birth", "address", "postcode", "uprn", "kind", "risk_impact",
                         "risk_likelihood", "precautions", "restriction", "reason", "incident_date", "incident_summary", "date_added",
                         "review_due"])
        seen: set[tuple[str, str, object]] = set()
        unique = []
        for spec in existing + specs:  # one row per person: two markers for one person are refused
            key = (spec["given"].lower(), spec["family"].lower(), spec["dob"])
            if key not in seen:
                seen.add(key)
                unique.append(spec)
        for i, spec in enumerate(unique[:10_000]):
            marker = rng.random() < 0.8 and i >= len(existing)  # existing people may hold a live marker already
            uprn, line, _town, pc = spec["address"]
            writer.writerow([
                spec["given"], spec["family"], "; ".join(f"{g} {f}" for g, f in spec["aliases"]),
                spec["dob"].strftime("%d/%m/%Y") if spec["dob"] else "", line, pc, uprn,
                "marker" if marker else "restriction", rng.randint(1, 5) if marker else "", rng.randint(1, 6) if marker else "",
                "; ".join(rng.sample(precautions, 2)) if marker else "", "" if marker else rng.choice(["written_only", "spoc; phone_limits"]),
                "Threatened staff on a home visit.", (date.today() - timedelta(days=rng.randint(30, 900))).strftime("%d/%m/%Y"),
                "Shouted and threatened an officer.", "", (date.today() + timedelta(days=rng.randint(10, 300))).strftime("%d/%m/%Y"),
            ])
    return path


def register_import_timing(data: dict, tmp: Path) -> None:  # type: ignore[type-arg]
    from django.db import transaction

    from safecontact.audit.verify import verify_chain
    from safecontact.register.services_import import register_import

    path = write_register_sheet(data, tmp)
    manager = data["users"]["register_manager"]
    with path.open("rb") as handle:
        start = time.perf_counter()
        dry = register_import(actor=manager, council=data["council"], source=handle, filename=path.name, dry_run=True)
        dry_seconds = time.perf_counter() - start
    assert dry.ok, dry.errors[:5]
    bp.result("Register import, 10,000 rows: dry run", f"{dry_seconds:.1f} s "
              f"({dry.count('create')} new, {dry.count('link')} existing, {dry.count('possible_duplicate')} possible duplicates)")
    with path.open("rb") as handle, transaction.atomic():
        start = time.perf_counter()
        report = register_import(actor=manager, council=data["council"], source=handle, filename=path.name, dry_run=False)
        seconds = time.perf_counter() - start
        broken = verify_chain(str(data["council"].pk))
        transaction.set_rollback(True)  # leave the bench council as it was
    assert report.imported, report.errors[:5]
    assert broken is None, broken
    bp.result("Register import, 10,000 rows: real run (one transaction)", f"{seconds:.1f} s", "<= 20 s", seconds <= 20)


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
