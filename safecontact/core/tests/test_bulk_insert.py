"""insert_together (issue 16): rows of several models in one statement on PostgreSQL, as bulk_create writes them."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.checks.models import Check, PossibleMatchReview
from safecontact.core.bulk_insert import insert_together
from safecontact.register.tests import builders as b


def test_a_check_its_measures_and_its_work_item_in_one_statement(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    measures = [b.live_marker(council, user_with_role, subject=b.person(council, given=g)) for g in ("Ann", "Bo")]
    check = Check(council=council, checker=staff, purpose="home_visit", outcome=Check.Outcome.POSSIBLE_MATCH,
                  match_reasons={str(measures[0].pk): ["surname sounds the same"]})
    links = [Check.measures.through(check_id=check.pk, measure_id=m.pk) for m in measures]  # an auto-numbered key
    review = PossibleMatchReview(council=council, source_check=check, due_at=timezone.now())
    with CaptureQueriesContext(connection) as queries:
        insert_together([check, *links, review])
    writes = [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "WITH"))]
    assert len(writes) == (1 if connection.vendor == "postgresql" else 3)
    stored = Check.objects.get(pk=check.pk)
    assert stored.created_at == check.created_at and stored.updated_at is not None and stored.reference == check.reference
    assert stored.match_reasons == {str(measures[0].pk): ["surname sounds the same"]}
    assert set(stored.measures.values_list("pk", flat=True)) == {m.pk for m in measures}
    assert PossibleMatchReview.objects.get(source_check=check).due_at == review.due_at
    assert not check._state.adding and not review._state.adding


def test_a_row_the_database_refuses_fails_the_whole_call(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    fine = Check(council=council, checker=staff, purpose="home_visit", outcome=Check.Outcome.NO_ENTRY)
    refused = Check(council=council, purpose="home_visit", outcome=Check.Outcome.NO_ENTRY)  # neither checker nor client
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_together([fine, PossibleMatchReview(council=council, source_check=fine, due_at=timezone.now()), refused])
    assert not Check.objects.exists() and not PossibleMatchReview.objects.exists()


def test_nothing_to_insert_asks_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_together([])


def test_then_runs_after_the_inserts_and_gives_its_first_row(council, user_with_role):
    check = Check(council=council, checker=user_with_role(Role.STAFF), purpose="home_visit", outcome=Check.Outcome.NO_ENTRY)
    with CaptureQueriesContext(connection) as queries:
        row = insert_together([check], then=("SELECT %s, count(*) FROM accounts_organisation", ["councils"]))
    assert row == ("councils", 1) and Check.objects.filter(pk=check.pk).exists()
    assert len(queries.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert insert_together([], then=("SELECT 1 WHERE 1 = %s", [2])) is None


def test_a_new_chain_writes_the_callers_rows_once_and_starts_at_one(council, user_with_role):
    from safecontact.audit.events import EventType
    from safecontact.audit.models import AuditChainHead
    from safecontact.audit.services import audit_records
    from safecontact.core.tests.factories import OrganisationFactory

    staff = user_with_role(Role.STAFF)
    fresh = OrganisationFactory(name="Newtown Council", slug="newtown")  # no event yet: its chain has no head
    assert not AuditChainHead.objects.filter(chain=str(fresh.pk)).exists()
    check = Check(council=fresh, checker=staff, purpose="home_visit", outcome=Check.Outcome.NO_ENTRY)
    (event,) = audit_records(actor=None, council=fresh, events=[(EventType.CHECK_RUN, check, {})], insert_first=[check])
    assert Check.objects.filter(pk=check.pk).count() == 1
    assert event.seq == 1 and AuditChainHead.objects.get(chain=str(fresh.pk)).seq == 1


def test_rows_given_with_no_event_are_still_written(council, user_with_role):
    from safecontact.audit.services import audit_records

    check = Check(council=council, checker=user_with_role(Role.STAFF), purpose="home_visit", outcome=Check.Outcome.NO_ENTRY)
    assert audit_records(actor=None, council=council, events=[], insert_first=[check]) == []
    assert Check.objects.filter(pk=check.pk).exists()
