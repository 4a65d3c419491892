"""Staff emails about incidents: a subject and a link, never personal data (not even the
reference), because email leaves the council's systems. Sent after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

FOOTER = "This email contains no details, to keep them safe. Sign in to Safe Contact to read them."


def send_link(*, recipients: Iterable[str], subject: str, path: str) -> None:
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return
    body = f"{subject}.\n\nOpen it here: {settings.SITE_URL.rstrip('/')}{path}\n\n{FOOTER}\n"
    send_mail(subject, body, None, addresses, fail_silently=False)


def send_link_on_commit(*, recipients: Iterable[str], subject: str, path: str) -> None:
    addresses = list(recipients)
    transaction.on_commit(lambda: send_link(recipients=addresses, subject=subject, path=path))
