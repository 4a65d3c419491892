"""Writes for letters, one module per concern; import from here."""

from safecontact.letters.services.letters import (
    letter_create,
    letter_edit_paragraphs,
    letter_issue,
    letter_prepare,
    letter_requeue,
)
from safecontact.letters.services.notification import measure_notification_decide
from safecontact.letters.services.outbox import letter_claim, letter_send_claimed, letters_deliver_due
from safecontact.letters.services.warnings import formal_warning_letter_prepare, informal_warning_letter_prepare
from safecontact.letters.services.wording import (
    letter_settings_update,
    letter_template_activate,
    letter_template_mark_previewed,
    letter_template_save,
)

__all__ = [
    "letter_claim", "letter_create", "letter_edit_paragraphs", "letter_issue", "letter_prepare", "letter_requeue",
    "letter_send_claimed", "letter_settings_update", "letter_template_activate", "letter_template_mark_previewed",
    "letter_template_save", "letters_deliver_due", "measure_notification_decide",
    "formal_warning_letter_prepare", "informal_warning_letter_prepare",
]
