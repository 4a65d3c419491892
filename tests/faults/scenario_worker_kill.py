"""A sender is killed (SIGKILL) in the middle of sending staff emails to a slow server. The worker's recovery frees
its claims at once (the process is gone), a second sender sends the rest: every email is sent and marked sent exactly
once. The one message in flight when the sender died had reached the server, which queued it although its "250" never
reached the dead sender: SMTP cannot tell the two apart (RFC 1047), so that one goes again, with the same Message-ID,
which mail clients show once (ADR 0013). The scenario allows exactly that: at most one repeat per killed sender."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from unittest import mock

from django.db import connection
from django.test import override_settings

from tests.faults.common import Result, audit_verifies, council_with
from tests.smtp_sink import SmtpSink, _Handler


class _SlowHandler(_Handler):
    """Reads each message, waits, then accepts it: a sender killed while it waits has not had it accepted."""

    def handle(self) -> None:
        self._reply("220 slow sink ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith("DATA"):
                self._reply("354 end with .")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk)
                self.server.started += 1  # type: ignore[attr-defined]
                time.sleep(0.25)
                self.server.messages.append(message_from_bytes(b"".join(data)))  # type: ignore[attr-defined]
                self._reply("250 queued")
            elif command.startswith("QUIT"):
                self._reply("221 bye")
                return
            else:
                self._reply("250 ok")


class SlowSink(SmtpSink):
    def __init__(self) -> None:
        super().__init__()
        self.RequestHandlerClass = _SlowHandler
        self.started = 0


def run(*, short: bool) -> Result:
    from safecontact.access.policy import Role
    from safecontact.core.worker import recover_stale_work
    from safecontact.notifications.models import StaffEmail
    from safecontact.notifications.outbox import staff_emails_deliver_due
    from safecontact.notifications.services import staff_email_queue

    result = Result("A sender killed in the middle of sending")
    council, users = council_with(Role.MANAGER)
    emails = 12 if short else 40
    # The test settings run tasks at once, in this process; in production the worker is another process. Queue
    # without waking it, so the sender below (a process of its own) is the one that sends.
    with mock.patch("safecontact.notifications.services.wake_sender"):
        for n in range(emails):
                staff_email_queue(council=council, recipients=[users[Role.MANAGER].email], subject=f"Fault suite {n}",
                              path=f"/incidents/fault-{n}/", key=f"fault-suite:{council.pk}:{n}")
    connection.close()
    with SlowSink() as sink:
        victim = subprocess.Popen([sys.executable, "-m", "tests.faults.sender", str(sink.port)], env=os.environ.copy())
        deadline = time.monotonic() + 60
        while not (len(sink.messages) >= 2 and sink.started > len(sink.messages)) and time.monotonic() < deadline:
            time.sleep(0.01)  # until a message is in flight: read by the server, not yet accepted
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        accepted_before = len(sink.messages)
        claimed = StaffEmail.objects.filter(council=council, status="pending").exclude(claimed_by="").count()
        recovered = recover_stale_work()
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                               EMAIL_PORT=sink.port, EMAIL_USE_TLS=False):
            rest = 0
            while sent := staff_emails_deliver_due(limit=100):
                rest += sent
        ids = [m["Message-ID"] for m in sink.messages]
    marked = StaffEmail.objects.filter(council=council, status=StaffEmail.Status.SENT).count()
    result.figures.update({"emails queued": emails, "accepted before the kill": accepted_before,
                           "claims left by the killed sender": claimed,
                           "claims freed by recovery": sum(v for k, v in recovered.items() if "claims_released" in k),
                           "sent by the second sender": rest, "messages the server accepted": len(ids),
                           "repeated (the message in flight, same Message-ID)": len(ids) - len(set(ids)), "marked sent": marked})
    result.expect(0 < accepted_before < emails, "the sender was not killed in the middle of sending")
    result.expect(len(set(ids)) == emails and marked == emails, "an email was lost")
    result.expect(len(ids) - len(set(ids)) <= 1, "more than the one message in flight was sent twice")
    audit_verifies(result)
    return result
