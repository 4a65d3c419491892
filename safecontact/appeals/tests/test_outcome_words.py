"""Appeal outcomes in complaint usage (issue 14, item 8): "upheld" means the appellant wins. Rows stored before the
change as "upheld" (then: the decision stays) are moved to "not_upheld" by migration 0004, and back on reversal."""

import importlib

from django.apps import apps
from django.test import Client

from safecontact.appeals.models import Appeal
from safecontact.appeals.tests.test_public import letter, send  # noqa: F401  (letter is a fixture)

migration = importlib.import_module("safecontact.appeals.migrations.0004_appeal_outcomes_in_complaint_usage")


def test_outcome_labels_follow_complaint_usage():
    labels = dict(Appeal.Outcome.choices)
    assert labels["overturned"].startswith("Upheld:") and "withdrawn" in labels["overturned"]
    assert labels["varied"].startswith("Partly upheld:")
    assert labels["not_upheld"].startswith("Not upheld:") and "stays" in labels["not_upheld"]
    assert "upheld" not in labels  # the old value, with the opposite meaning, can no longer be written


def test_the_migration_moves_old_upheld_rows_to_not_upheld_and_back(letter):  # noqa: F811
    send(Client(), letter.reference, letter.verification_code)
    Appeal.objects.update(outcome="upheld")  # as stored before the change: the decision stayed
    migration.forwards(apps, None)
    assert Appeal.objects.get().outcome == "not_upheld"
    migration.backwards(apps, None)
    assert Appeal.objects.get().outcome == "upheld"
    Appeal.objects.update(outcome="overturned")
    migration.forwards(apps, None)
    assert Appeal.objects.get().outcome == "overturned"  # the appellant won: already unambiguous, untouched
