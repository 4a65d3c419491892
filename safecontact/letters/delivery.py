"""Delivery channels. Each returns the provider's reference and raises on any failure; the outbox
decides what a failure means. The letter's UUID is the idempotency reference on every channel."""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage

if TYPE_CHECKING:
    from safecontact.letters.models import Letter

MESSAGE_DOMAIN = "letters.safecontact"


class DeliveryError(Exception):
    """A failure with a message safe to show and store (no personal data)."""


def message_id(letter: Letter) -> str:
    return f"<{letter.pk}@{MESSAGE_DOMAIN}>"


def send_email(letter: Letter) -> str:
    from safecontact.letters.rendering import letter_settings_for

    if not letter.recipient_email:
        raise DeliveryError("No email address")
    sender = letter_settings_for(council=letter.council).from_email or settings.DEFAULT_FROM_EMAIL
    email = EmailMessage(
        subject=f"Letter from {letter.council.name} (reference {letter.reference})",
        body=(f"Please find attached a letter from {letter.council.name}, reference {letter.reference}.\n\n"
              "If you need it in another format, such as large print or another language, reply to this email.\n"),
        from_email=sender, to=[letter.recipient_email],
        headers={"Message-ID": message_id(letter), "X-Safe-Contact-Letter": str(letter.pk)},
    )
    email.attach(f"{letter.reference}.pdf", bytes(letter.pdf or b""), "application/pdf")
    email.send(fail_silently=False)
    return message_id(letter)


def notify_client():  # type: ignore[no-untyped-def]
    from notifications_python_client.notifications import NotificationsAPIClient

    api_key = os.environ.get("NOTIFY_API_KEY", "")
    if not api_key:
        raise DeliveryError("GOV.UK Notify is not configured (NOTIFY_API_KEY)")
    return NotificationsAPIClient(api_key)


def send_notify_letter(letter: Letter) -> str:
    """GOV.UK Notify prints and posts a precompiled PDF letter; `reference` is the letter's UUID."""
    response = notify_client().send_precompiled_letter_notification(reference=str(letter.pk), pdf_file=io.BytesIO(bytes(letter.pdf or b"")))
    return str(response.get("id", ""))


def send_letter(letter: Letter) -> str:
    if letter.channel == "email":
        return send_email(letter)
    if letter.channel == "notify":
        return send_notify_letter(letter)
    raise DeliveryError(f"Channel {letter.channel!r} is not sent by the outbox")
