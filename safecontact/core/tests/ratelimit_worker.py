"""Run by test_ratelimit.py as a separate OS process: count attempts in the shared database and print each total.

    python ratelimit_worker.py create              make the counters table (a fresh SQLite file)
    python ratelimit_worker.py count GO N WHEN     wait for the file GO, then count N attempts at WHEN (ISO time)
    python ratelimit_worker.py count-own GO N WHEN the same, in two windows, each attempt committing on its own in
                                                   one round trip (PostgreSQL, as a check's count does)
"""

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from safecontact.core.models import RateLimitCounter  # noqa: E402
from safecontact.core.ratelimit import DAY, MINUTE, Limit, rate_limit_hit  # noqa: E402

# Nothing is allowed, so every attempt comes back as a refusal carrying the total it made.
SHARED = Limit("test.shared", 0, DAY)
FIRST = Limit("test.first", 10**9, MINUTE)  # counted first, never refuses: the day's window is counted after it


def main(mode: str, *args: str) -> None:
    if mode == "create":
        with connection.schema_editor() as editor:
            editor.create_model(RateLimitCounter)
        return
    go, n, when = Path(args[0]), int(args[1]), dt.datetime.fromisoformat(args[2])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.005)
    own = mode == "count-own"
    for _ in range(n):
        limits = [FIRST, SHARED] if own else [SHARED]
        print(rate_limit_hit(limits=limits, key="shared", now=when, own_commit=own).count, flush=True)  # type: ignore[union-attr]


if __name__ == "__main__":
    main(*sys.argv[1:])
