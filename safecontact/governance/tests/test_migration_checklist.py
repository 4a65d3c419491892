"""The migrations that gave the clear-everywhere checklist to the register entry (governance 0003-0004): forwards,
each task takes the entry of its Governance Group item; backwards, the tasks of Governance Group removals stay
under their items and those of other endings (which the old schema cannot hold) go."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safecontact.core.tests.fixtures import reseed_managed_lists
from safecontact.governance.models import AgendaItem, ChecklistTask

from .test_clearance_views import lapsed

BEFORE = [("governance", "0002_default_external_systems")]
AFTER = [("governance", "0004_checklist_entry_required")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _managed_lists(transactional_db):  # type: ignore[no-untyped-def]
    """The precautions come from a data migration, which an earlier transactional test's flush may have emptied."""
    reseed_managed_lists()


def migrate(targets):  # type: ignore[no-untyped-def]
    MigrationExecutor(connection).migrate(targets)
    executor = MigrationExecutor(connection)
    apps = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    return SimpleNamespace(ChecklistTask=apps.get_model("governance", "ChecklistTask"))


@pytest.fixture
def back_to_latest():  # type: ignore[no-untyped-def]
    try:
        yield
    finally:
        call_command("migrate", verbosity=0)


def test_tasks_follow_their_item_forwards_and_only_item_tasks_survive_backwards(
        back_to_latest, council, user_with_role, officer, member, meeting, marker):
    from safecontact.governance import services

    from .conftest import recommend_removal

    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    item = services.agenda_item_decide(actor=member, item=AgendaItem.objects.get(meeting=meeting, measure=marker),
                                       decision="remove", reasons="No longer needed.")
    removal_tasks = set(ChecklistTask.objects.filter(item=item).values_list("pk", flat=True))
    other = lapsed(council, user_with_role)
    assert removal_tasks and ChecklistTask.objects.filter(measure=other).exists()

    old = migrate(BEFORE)
    assert set(old.ChecklistTask.objects.values_list("pk", flat=True)) == removal_tasks
    assert set(old.ChecklistTask.objects.values_list("item_id", flat=True)) == {item.pk}

    new = migrate(AFTER)
    assert set(new.ChecklistTask.objects.values_list("pk", flat=True)) == removal_tasks
    assert set(new.ChecklistTask.objects.values_list("measure_id", flat=True)) == {marker.pk}
