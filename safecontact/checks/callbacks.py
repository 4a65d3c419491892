"""Signed callbacks (issue 15): when Customer Relations answer a possible match that an API client asked about, the
new answer is POSTed to the client's callback URL, if it has one, by the background worker, never in the request.
The body is signed with HMAC-SHA256 under the client's own secret (header `X-Safe-Contact-Signature: sha256=<hex>`),
so the client can tell the answer came from the register. Failed sends are tried again with growing waits."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from safecontact.checks.models import Check, CheckCallback

MAX_ATTEMPTS = 6
SIGNATURE_HEADER = "X-Safe-Contact-Signature"


def signature(*, secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def callback_queue(*, check: Check, answer: dict[str, Any]) -> CheckCallback | None:
    """In the caller's transaction: a callback exists if and only if the answer commits."""
    client = check.api_client
    if client is None or not client.callback_url or not client.callback_secret:
        return None
    callback = CheckCallback.objects.create(council=check.council, api_client=client, source_check=check,
                                            body=json.dumps(answer, cls=DjangoJSONEncoder, sort_keys=True),
                                            next_attempt_at=timezone.now())
    transaction.on_commit(_wake, robust=True)
    return callback


def _wake() -> None:
    from safecontact.checks.tasks import deliver_check_callbacks

    deliver_check_callbacks.enqueue()


def _post(callback: CheckCallback) -> None:
    body = callback.body.encode()
    url = callback.api_client.callback_url
    if not url.startswith(("https://", "http://")):  # never file: or other schemes urllib would open
        raise ValueError("The callback URL must start with https://.")
    request = urllib.request.Request(url, data=body, method="POST", headers={  # noqa: S310 (scheme checked above)
        "Content-Type": "application/json", SIGNATURE_HEADER: signature(secret=callback.api_client.callback_secret, body=body)})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (scheme checked above)
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(callback.api_client.callback_url, response.status, "not accepted", response.headers, None)


def check_callbacks_deliver_due(*, now: datetime | None = None, limit: int = 20) -> int:
    """Send the callbacks that are due; safe from several workers at once (rows locked, skipped if taken)."""
    sent = 0
    for _ in range(limit):
        with transaction.atomic():
            callback = (CheckCallback.objects.select_for_update(skip_locked=True).select_related("api_client")
                        .filter(status=CheckCallback.Status.PENDING, next_attempt_at__lte=now or timezone.now())
                        .order_by("next_attempt_at").first())
            if callback is None:
                break
            callback.attempts += 1
            try:
                _post(callback)
            except (OSError, ValueError) as error:  # URLError and HTTPError are OSErrors
                callback.last_error = str(error)[:300]
                if callback.attempts >= MAX_ATTEMPTS:
                    callback.status = CheckCallback.Status.FAILED
                else:  # 2, 4, 8, 16, 32 minutes
                    callback.next_attempt_at = timezone.now() + timedelta(minutes=2 ** callback.attempts)
            else:
                callback.status, callback.last_error = CheckCallback.Status.SENT, ""
                sent += 1
            callback.save()
    return sent
