"""The load side of bench_scale.py: gunicorn started as in bench_protect.py (same settings, same free-port start,
same `requests` clients with a session cookie or a Bearer token), clients that each hold their own session,
CSRF token and API token, and a runner that drives N of them for a count or a duration.

Also reads what the server used: each worker's resident memory (VmRSS) and CPU time (utime + stime from
/proc), so a run can say how much CPU a request costs the application and how much memory a worker holds.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")
KINDS = ("trivial", "html", "api")  # GET /, POST /checks/, POST /api/v1/checks


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


@dataclass
class Server:
    base: str
    process: subprocess.Popen  # type: ignore[type-arg]

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def rss_mb(self) -> list[float]:
        out = []
        for pid in self.workers():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmRSS:\s+(\d+) kB", status)
            if found:
                out.append(int(found.group(1)) / 1024)
        return out

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by all the workers together."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / TICK


@contextmanager
def gunicorn(*, port: int, workers: int = 2, threads: int = 1, env: dict[str, str] | None = None) -> Iterator[Server]:
    """gunicorn with the bench's environment, as bench_protect.py starts it (threads > 1 means the gthread worker)."""
    command = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--log-level", "warning", "--timeout", "120"]
    if threads > 1:
        command += ["--threads", str(threads)]
    if (ROOT / "config" / "gunicorn_conf.py").exists():  # the deployment's hooks (each worker builds its indexes at start)
        command += ["--config", "config/gunicorn_conf.py"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy() | (env or {}))
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if requests.get(f"{base}/healthz", timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer /healthz")
        yield Server(base=base, process=process)
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Identity:
    """Who a client is: a staff user's session cookie (HTML) and an API client's token, both of one council."""

    cookie: str
    token: str
    queries: list  # type: ignore[type-arg]  # matching.Query objects to ask about


@dataclass
class Client:
    base: str
    who: Identity
    rng: random.Random
    session: requests.Session = field(default_factory=requests.Session)
    api: requests.Session = field(default_factory=requests.Session)  # a system's calls: the token, no staff session cookie
    csrf: str = ""

    def __post_init__(self) -> None:
        host = self.base.split("//")[1].split(":")[0]
        self.session.cookies.set("sessionid", self.who.cookie, domain=host)
        page = self.session.get(f"{self.base}/checks/", timeout=30)
        assert page.status_code == 200 and not page.history, f"/checks/ answered {page.status_code} at {page.url}: is the session accepted?"
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, "no CSRF token on /checks/"
        self.csrf = token.group(1)

    def request(self, kind: str) -> float:
        """One request of this kind; its time in seconds (raises on an unexpected answer)."""
        q = self.rng.choice(self.who.queries)
        start = time.perf_counter()
        if kind == "trivial":
            r = self.session.get(f"{self.base}/", timeout=60)
            ok = r.status_code == 200
        elif kind == "html":
            form = {"name": q.name, "date_of_birth": q.date_of_birth.strftime("%d/%m/%Y") if q.date_of_birth else "",
                    "postcode": (q.postcode or "").strip()[:10], "address": "", "uprn": "", "purpose": "home_visit", "planned_for": "",
                    "csrfmiddlewaretoken": self.csrf}
            r = self.session.post(f"{self.base}/checks/", data=form, allow_redirects=False, timeout=60)
            ok = r.status_code == 302
        else:
            body = {"name": q.name, "date_of_birth": q.date_of_birth.isoformat() if q.date_of_birth else None,
                    "postcode": (q.postcode or "").strip()[:10], "purpose": "home_visit", "requested_by": "Bench officer"}
            r = self.api.post(f"{self.base}/api/v1/checks", json=body, headers={"Authorization": f"Bearer {self.who.token}"}, timeout=60)
            ok = r.status_code == 201
        elapsed = time.perf_counter() - start
        if not ok:
            raise RuntimeError(f"{kind} answered {r.status_code}: {r.text[:200]}")
        return elapsed


@dataclass
class Run:
    """What a load run measured: latencies by kind, errors, wall time and the workers' CPU time."""

    times: dict[str, list[float]]
    errors: int
    seconds: float
    cpu: float

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.times.values())

    def all_times(self) -> list[float]:
        return [t for v in self.times.values() for t in v]

    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu / self.count if self.count else float("nan")


def merge(*runs: Run) -> Run:
    """Runs taken as one (the quiet halves before and after a run with changes, so that drift in the machine's
    speed falls on both sides alike)."""
    times: dict[str, list[float]] = {}
    for run in runs:
        for kind, values in run.times.items():
            times.setdefault(kind, []).extend(values)
    return Run(times=times, errors=sum(r.errors for r in runs), seconds=sum(r.seconds for r in runs), cpu=sum(r.cpu for r in runs))


def drive(server: Server, clients: list[Client], kinds: Callable[[int, int], str], *, count: int | None = None,
          seconds: float | None = None) -> Run:
    """Each client in its own thread sends requests one after another (kind = kinds(client, n)) until `count`
    requests in all or `seconds` have passed. A failed request is counted, not timed."""
    times: dict[str, list[float]] = {}
    errors = [0]
    lock = threading.Lock()
    sent = [0]
    deadline = [0.0]

    def work(i: int) -> None:
        n = 0
        while True:
            with lock:
                if (count is not None and sent[0] >= count) or (seconds is not None and time.perf_counter() >= deadline[0]):
                    return
                sent[0] += 1
            kind = kinds(i, n)
            n += 1
            try:
                elapsed = clients[i].request(kind)
            except (RuntimeError, requests.RequestException):
                with lock:
                    errors[0] += 1
                continue
            with lock:
                times.setdefault(kind, []).append(elapsed)

    cpu_before = server.cpu_seconds()
    start = time.perf_counter()
    deadline[0] = start + (seconds or 0)
    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Run(times=times, errors=errors[0], seconds=time.perf_counter() - start, cpu=server.cpu_seconds() - cpu_before)


def wait_idle(server: Server, *, quiet: float = 0.05, window: float = 1.0, timeout: float = 300.0) -> float:
    """Wait until the workers are idle (less than `quiet` CPU seconds used in `window`): each worker builds its
    register index in a background thread as it starts, and a request measured while that runs measures the build
    (the interpreter lock) and the database path, not a check. Returns the seconds waited."""
    start = time.perf_counter()
    used = server.cpu_seconds()
    while time.perf_counter() - start < timeout:
        time.sleep(window)
        now = server.cpu_seconds()
        if now - used < quiet:
            break
        used = now
    return time.perf_counter() - start


def interleaved(i: int, n: int) -> str:
    """trivial, HTML check, API check in turn (each client starting at another one), so drift hits all three alike."""
    return KINDS[(i + n) % len(KINDS)]


def checks_only(i: int, n: int) -> str:
    return ("html", "api")[(i + n) % 2]


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"
