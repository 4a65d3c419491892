"""The fault suite's own PostgreSQL cluster (var/pg-faults, port 55433): started, restarted and stopped by the suite,
so restarting it under load never touches anyone else's database."""

from __future__ import annotations

import glob
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "var" / "pg-faults"
PORT = 55433
URL = f"postgres://postgres@127.0.0.1:{PORT}/faults"


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise SystemExit("PostgreSQL is not installed: run `make test` once (scripts/ensure_postgres.sh installs it)")
    return found[-1]


def _as_postgres(*command: str) -> None:
    """initdb and pg_ctl refuse to run as root: as root they run as the postgres user."""
    if os.geteuid() == 0:
        subprocess.run(["su", "postgres", "-c", " ".join(f"'{c}'" for c in command)], check=True, stdout=subprocess.DEVNULL)
    else:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def _ctl(action: str, *extra: str) -> None:
    _as_postgres(_bin("pg_ctl"), "-D", str(DATA), "-l", str(DATA / "log"), "-w", *extra, action)


def start() -> None:
    if not (DATA / "PG_VERSION").exists():
        DATA.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(DATA)], check=True)
        _as_postgres(_bin("initdb"), "-D", str(DATA), "-U", "postgres", "--auth=trust")
    answering = subprocess.run([_bin("pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(PORT)]).returncode == 0
    if answering and not (DATA / "postmaster.pid").exists():  # another checkout's fault cluster, or someone else's
        raise SystemExit(f"Port {PORT} is taken by a PostgreSQL this checkout did not start: the fault suite restarts "
                         "its server, so it will not use one that is not its own. Stop that server and run it again.")
    if not answering:
        _ctl("start", "-o", f"-p {PORT} -k {DATA} -c listen_addresses=127.0.0.1 -c fsync=off")


def restart() -> None:
    """A fast shutdown (every connection cut, as in a crash-restart or a failover) and start again."""
    _ctl("restart", "-m", "fast", "-o", f"-p {PORT} -k {DATA} -c listen_addresses=127.0.0.1 -c fsync=off")


def stop() -> None:
    if (DATA / "PG_VERSION").exists():
        _ctl("stop", "-m", "fast")


def recreate_database() -> None:
    psql = _bin("psql")
    for sql in ("DROP DATABASE IF EXISTS faults WITH (FORCE)", "CREATE DATABASE faults"):
        subprocess.run([psql, "-h", "127.0.0.1", "-p", str(PORT), "-U", "postgres", "-q", "-c", sql], check=True,
                       stderr=subprocess.DEVNULL)
