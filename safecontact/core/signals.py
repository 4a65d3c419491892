"""What the kernel reports upward without importing the apps above it (the layers contract in pyproject.toml).

The kernel's file handling (the daily orphan-file sweep, `encrypt_evidence`) must leave an audit event, but the audit
app sits above the kernel. The kernel sends `kernel_event` inside its own transaction; the audit app connects the
receiver that records it (audit/apps.py), so the event commits or rolls back with the work it describes.
"""

from django.dispatch import Signal

# Sent with code= (an audit EventType value, e.g. "files.orphans_removed") and data= (counts only, no personal data).
kernel_event = Signal()
