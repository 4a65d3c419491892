"""PostgreSQL restarted under load: writers keep recording while the server is cut off and comes back. Nothing a
writer was told had committed may be missing afterwards, and the audit chain still verifies."""

from __future__ import annotations

import threading
import time
import uuid

from django.db import connection, transaction

from tests.faults import cluster
from tests.faults.common import Result, audit_verifies, council_with


def run(*, short: bool) -> Result:
    from safecontact.audit.events import EventType
    from safecontact.audit.models import AuditEvent
    from safecontact.audit.services import audit_record

    result = Result("PostgreSQL restarted under load")
    council, _ = council_with("staff")
    writers, seconds = (4, 4.0) if short else (8, 12.0)
    acknowledged: list[str] = []
    failures = [0]
    lock = threading.Lock()
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            marker = uuid.uuid4().hex
            try:
                with transaction.atomic():
                    audit_record(actor=None, event=EventType.DAILY_RUN_FINISHED, council=council, subject=council,
                                 data={"fault_suite": marker})
                with lock:
                    acknowledged.append(marker)  # the commit returned: the write is acknowledged
            except Exception:  # noqa: BLE001 - the outage; the writer reconnects and goes on
                with lock:
                    failures[0] += 1
                connection.close()
                time.sleep(0.05)
        connection.close()

    threads = [threading.Thread(target=writer) for _ in range(writers)]
    for thread in threads:
        thread.start()
    time.sleep(seconds / 3)
    restarted_at = time.monotonic()
    cluster.restart()
    outage = time.monotonic() - restarted_at
    time.sleep(seconds * 2 / 3)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    connection.close()
    stored = set(AuditEvent.objects.filter(data__has_key="fault_suite").values_list("data__fault_suite", flat=True))
    lost = [m for m in acknowledged if m not in stored]
    result.figures.update({"writers": writers, "acknowledged writes": len(acknowledged), "writes refused during the outage":
                           failures[0], "restart took (s)": round(outage, 2), "acknowledged but missing": len(lost)})
    result.expect(len(acknowledged) > 0, "no write was acknowledged")
    result.expect(not lost, f"{len(lost)} acknowledged writes are missing")
    audit_verifies(result)
    return result
