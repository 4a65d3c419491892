"""Two people decide the same entry at the same moment (issue 11: approve and refuse together told both they had
succeeded). Threads with their own database connections start together at a barrier; the row lock must serve
them one after the other, so exactly one succeeds and the other is told what the first did."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.audit.verify import verify_all
from safecontact.core.exceptions import ApplicationError
from safecontact.core.tests.fixtures import reseed_managed_lists
from safecontact.register import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

# Decided at collection, so that on SQLite no transactional database set-up (serialized rollback) runs at all.
ON_POSTGRESQL = "postgresql" in django_settings.DATABASES["default"]["ENGINE"]
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL only: SQLite's test database is in memory, one connection that "
                       "writes one transaction at a time, so two threads cannot race on it; test_transitions_lock.py covers the rule there"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _managed_lists(transactional_db):
    """The precautions come from a data migration, which an earlier transactional test's flush may have emptied."""
    reseed_managed_lists()

ROUNDS = 10


@pytest.fixture
def dafydd(user_with_role):
    return user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")


@pytest.fixture
def sian(user_with_role):
    return user_with_role(Role.DECISION_MAKER, full_name="Siân Evans")


def race(*calls: Callable[[], Any]) -> list[tuple[str, str]]:
    """Run each call in its own thread and database connection, all released together."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, str]] = [("not run", "")] * len(calls)

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            Measure.objects.exists()  # open this thread's connection before the start line, not after it
            barrier.wait(timeout=30)
            call()
            outcomes[i] = ("succeeded", "")
        except ApplicationError as error:
            outcomes[i] = ("refused", error.message)
        except BaseException as error:  # noqa: BLE001 - reported by the assertions, not lost in the thread
            outcomes[i] = ("crashed", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def propose(council, officer, staff, n):
    subject = b.person(council, given=f"William{n}", family=f"Harrington{n}")
    return b.propose(actor=officer, council=council, originating_incident=b.incident(council, staff, subject),
                                     person=subject, reasons="Threats on two visits", marker=b.marker_details())


def page(measure):
    """The entry as each person's open page holds it: read before either acted."""
    return Measure.objects.select_related("council").get(pk=measure.pk)


def events(measure, *event_types):
    return list(AuditEvent.objects.filter(subject_id=str(measure.pk), event_type__in=event_types).values_list("event_type", flat=True))


def hh_mm(moment):
    return f"{timezone.localtime(moment):%H:%M}"


def test_approve_and_refuse_at_the_same_moment_one_wins_and_the_other_is_told(council, officer, staff, dafydd, sian):
    for n in range(ROUNDS):
        measure = propose(council, officer, staff, n)
        approve_page, refuse_page = page(measure), page(measure)
        (approved, approve_message), (refused, refuse_message) = race(
            lambda: services.measure_approve(actor=dafydd, measure=approve_page),  # noqa: B023 - run before the loop moves on
            lambda: services.measure_refuse(actor=sian, measure=refuse_page, reason="Below the threshold."),  # noqa: B023
        )
        final = Measure.objects.get(pk=measure.pk)
        assert sorted([approved, refused]) == ["refused", "succeeded"], (n, approve_message, refuse_message)
        if approved == "succeeded":
            assert (final.status, final.approved_by_id) == ("active", dafydd.pk)
            assert refuse_message == f"This entry has already been approved by Dafydd Morgan at {hh_mm(final.approved_at)}."
            assert events(measure, "measure.approved", "measure.refused") == ["measure.approved"]
        else:
            assert (final.status, final.ended_reason, final.approved_by_id) == ("ended", "refused", None)
            assert approve_message == f"This entry is no longer awaiting approval: it was refused at {hh_mm(final.ended_at)}."
            assert events(measure, "measure.approved", "measure.refused") == ["measure.refused"]
    assert verify_all()[1] == []


def test_two_approvals_at_the_same_moment_one_wins_and_the_other_is_told(council, officer, staff, dafydd, sian):
    names = {dafydd.pk: "Dafydd Morgan", sian.pk: "Siân Evans"}
    for n in range(ROUNDS):
        measure = propose(council, officer, staff, n)
        dafydd_page, sian_page = page(measure), page(measure)
        outcomes = race(
            lambda: services.measure_approve(actor=dafydd, measure=dafydd_page),  # noqa: B023 - run before the loop moves on
            lambda: services.measure_approve(actor=sian, measure=sian_page),  # noqa: B023
        )
        final = Measure.objects.get(pk=measure.pk)
        assert sorted(kind for kind, _ in outcomes) == ["refused", "succeeded"], (n, outcomes)
        winner = dafydd if outcomes[0][0] == "succeeded" else sian
        loser_message = next(message for kind, message in outcomes if kind == "refused")
        assert (final.status, final.approved_by_id) == ("active", winner.pk)
        assert loser_message == f"This entry has already been approved by {names[winner.pk]} at {hh_mm(final.approved_at)}."
        assert events(measure, "measure.approved", "measure.refused") == ["measure.approved"]
    assert verify_all()[1] == []
