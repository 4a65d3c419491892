"""Who holds a claim, and whether they are gone.

A worker, a daily run or a letter claim is owned by a process named `host:pid:token`. When the owner ran on this
host we can ask the operating system whether its process still exists, so a killed worker's work is picked up at
once instead of after a lease. On another host (or for a name we did not make) we cannot tell, and the caller's
lease decides. A reused process id looks alive: the lease still catches that case, later.
"""

from __future__ import annotations

import os
import secrets
import socket

HOST = socket.gethostname()[:40]


def process_owner(token: str | None = None) -> str:
    """A name for this process (at most 57 characters; django-tasks allows worker ids of 64)."""
    return f"{HOST}:{os.getpid()}:{token or secrets.token_hex(4)}"


def owner_is_dead(owner: str) -> bool:
    """True only when we know: the owner ran on this host and no process has its id any more."""
    host, _, rest = owner.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != HOST or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid in (0, os.getpid()):
        return False
    try:
        os.kill(pid, 0)  # signal 0: no signal is sent, the call only checks that the process exists
    except ProcessLookupError:
        return True
    except OSError:  # PermissionError: it exists under another user
        return False
    return False
