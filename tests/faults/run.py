"""`make faults`: the fault suite (issue 12). Each scenario breaks something real (the database restarted under load,
a worker killed mid-send, SMTP down then up, a full disk, two imports at once, two decisions at once) and checks that
nothing acknowledged is lost, nothing is sent twice, no orphan file remains and the audit chain verifies. It runs on
its own PostgreSQL cluster (tests/faults/cluster.py). `--short` is the form `make test` runs."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
import traceback
from typing import Any

SCENARIOS = ["scenario_postgres", "scenario_decisions", "scenario_imports", "scenario_storage", "scenario_smtp", "scenario_worker_kill"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--short", action="store_true")
    parser.add_argument("only", nargs="*", help="scenario module names")
    args = parser.parse_args()
    from tests.faults import cluster

    cluster.start()
    try:
        return _run(args, cluster)
    finally:
        cluster.stop()  # started and stopped by the suite: nothing is left running for another checkout to meet


def _run(args: argparse.Namespace, cluster: Any) -> int:
    cluster.recreate_database()
    os.environ["DATABASE_URL"] = cluster.URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    failed = 0
    for name in args.only or SCENARIOS:
        module = importlib.import_module(f"tests.faults.{name}")
        started = time.monotonic()
        try:
            result = module.run(short=args.short)
        except Exception:  # noqa: BLE001 - a crashed scenario is a failed one, and the others still run
            print(f"\n✗ {name}: crashed\n{traceback.format_exc()}")
            failed += 1
            continue
        took = time.monotonic() - started
        print(f"\n{'✓' if result.ok else '✗'} {result.name} ({took:.1f} s)")
        for key, value in result.figures.items():
            print(f"    {key}: {value}")
        for problem in result.problems:
            print(f"    PROBLEM: {problem}")
        failed += not result.ok
    print(f"\n{len(args.only or SCENARIOS) - failed} of {len(args.only or SCENARIOS)} fault scenarios passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
