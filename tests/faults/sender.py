"""A staff-email sender in its own process, for the worker-killed scenario: sends what is due to the SMTP server on
the port given, until nothing is left. The scenario kills it with SIGKILL in the middle of a message."""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.test import override_settings

    from safecontact.notifications.outbox import staff_emails_deliver_due

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1",
                           EMAIL_PORT=int(sys.argv[1]), EMAIL_USE_TLS=False, EMAIL_TIMEOUT=30):
        while staff_emails_deliver_due(limit=100):
            pass
