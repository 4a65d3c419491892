"""Two imports of the same 400-row file at the same moment (issue 12: both wrote, 400 duplicate people and 400 people
with two live entries). Threads with their own database connections start together at a barrier; the council's
import lock serves them one after the other, and the second, matching again under the lock, finds the first one's
people and entries and refuses every row. On SQLite, test_importer.py imports the file twice in a row."""

import io
import threading
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.db.models import Count, Q

from safecontact.access.policy import Role
from safecontact.audit.verify import verify_all
from safecontact.core.tests.fixtures import reseed_managed_lists
from safecontact.people.models import Person
from safecontact.register.models import LIVE_STATUSES, Measure
from safecontact.register.services_import import register_import
from safecontact.register.tests.import_sheets import people_sheet

ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only: SQLite's test database is in memory, one connection, so two "
                       "threads cannot race on it; test_importer.py imports the same file twice in a row there"),
    pytest.mark.django_db(transaction=True),
]
ROWS = 400


@pytest.fixture(autouse=True)
def _managed_lists(transactional_db):
    """The precautions come from a data migration, which an earlier transactional test's flush may have emptied."""
    reseed_managed_lists()


def race(*calls: Any) -> list[tuple[str, Any]]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, Any]] = [("not run", None)] * len(calls)

    def run(i: int, call: Any) -> None:
        try:
            Person.objects.exists()  # open this thread's connection before the start line
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", call())
        except BaseException as error:  # noqa: BLE001 - reported by the assertions, not lost in the thread
            outcomes[i] = ("crashed", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


@pytest.mark.parametrize("signed_off", [True, False], ids=["signed_off", "awaiting_approval"])
def test_two_imports_of_one_file_at_once_make_one_import(council, user_with_role, signed_off):
    managers = [user_with_role(Role.REGISTER_MANAGER), user_with_role(Role.REGISTER_MANAGER)]
    approver = user_with_role(Role.DECISION_MAKER) if signed_off else None
    data = people_sheet(ROWS)
    outcomes = race(*(lambda m=m: register_import(actor=m, council=council, source=io.BytesIO(data), filename="register.csv",
                                                  dry_run=False, approved_by=approver) for m in managers))
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    reports = sorted((report for _, report in outcomes), key=lambda r: -r.measures_created)
    assert [r.imported for r in reports] == [True, False] and [r.measures_created for r in reports] == [ROWS, 0]
    assert reports[1].counts["error"] == ROWS
    assert all(r.errors[0].startswith("this entry is already on the register") and r.person is not None for r in reports[1].rows)
    people = Person.objects.filter(council=council)
    assert people.count() == ROWS and Measure.objects.filter(council=council).count() == ROWS
    live = Count("measures", filter=Q(measures__status__in=LIVE_STATUSES))
    assert people.annotate(live=live).filter(live__gt=1).count() == 0
    assert Measure.objects.filter(council=council, status__in=LIVE_STATUSES).count() == (ROWS if signed_off else 0)
    assert verify_all()[1] == []
