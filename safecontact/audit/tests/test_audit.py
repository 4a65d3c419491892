import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from safecontact.access.policy import Role
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.services import audit_record, audit_records
from safecontact.audit.tests.tampering import write_behind_the_application
from safecontact.audit.verify import verify_all
from safecontact.core.tests.fixtures import sign_in_with_password


@pytest.fixture
def chain(council, user_with_role):
    actor = user_with_role(Role.REGISTER_MANAGER)
    for _ in range(5):
        audit_record(actor=actor, event=EventType.VIEWED, council=council, subject=actor)
    return council


def test_events_are_chained_per_council(chain, other_council):
    audit_record(actor=None, event=EventType.TEAM_CREATED, council=other_council)
    events = list(AuditEvent.objects.filter(chain=str(chain.pk)).order_by("seq"))
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    for before, after in zip(events, events[1:], strict=False):
        assert after.prev_hash == before.hash
    assert AuditEvent.objects.get(chain=str(other_council.pk)).seq == 1
    assert verify_all()[1] == []


def test_several_events_append_in_order_under_one_lock(chain, user_with_role):
    """A check that opens a possible match appends its two events together (issue 16): in order, chained, and on
    PostgreSQL in two statements (the head locked; the events and the head in one)."""
    from django.test.utils import CaptureQueriesContext

    actor = user_with_role(Role.STAFF)
    with CaptureQueriesContext(connection) as queries:
        first, second = audit_records(actor=actor, council=chain, events=[
            (EventType.CHECK_RUN, actor, {"outcome": "possible_match"}), (EventType.POSSIBLE_MATCH_OPENED, None, None)])
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) == (2 if connection.vendor == "postgresql" else 4), statements
    assert (first.seq + 1, first.hash) == (second.seq, second.prev_hash)
    stored = list(AuditEvent.objects.filter(chain=str(chain.pk)).order_by("-seq")[:2])
    assert [e.event_type for e in stored] == [str(EventType.POSSIBLE_MATCH_OPENED), str(EventType.CHECK_RUN)]
    assert stored[0].hash == second.hash and stored[1].data == {"outcome": "possible_match"}
    assert verify_all()[1] == []


def test_verify_audit_detects_a_row_altered_in_the_database(chain):
    call_command("verify_audit")
    victim = AuditEvent.objects.filter(chain=str(chain.pk)).order_by("seq")[2]
    victim_id = victim.pk.hex if connection.vendor == "sqlite" else str(victim.pk)
    write_behind_the_application("UPDATE audit_auditevent SET event_type = %s WHERE id = %s", ["access.tampered", victim_id])
    with pytest.raises(CommandError):
        call_command("verify_audit")
    breaks = verify_all()[1]
    assert len(breaks) == 1 and breaks[0].seq == victim.seq and "hash" in breaks[0].reason


def test_verify_audit_detects_a_deleted_row(chain):
    last = AuditEvent.objects.filter(chain=str(chain.pk)).order_by("-seq").first()
    write_behind_the_application("DELETE FROM audit_auditevent WHERE id = %s", [last.pk.hex if connection.vendor == "sqlite" else str(last.pk)])
    breaks = verify_all()[1]
    assert len(breaks) == 1 and "removed" in breaks[0].reason


@pytest.mark.django_db
def test_database_refuses_update_and_delete_of_audit_rows(chain):
    event = AuditEvent.objects.filter(chain=str(chain.pk)).first()
    event_id = event.pk.hex if connection.vendor == "sqlite" else str(event.pk)
    for statement in ("UPDATE audit_auditevent SET event_type = 'x' WHERE id = %s", "DELETE FROM audit_auditevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, [event_id])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(event_type="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).event_type == event.event_type


def test_audit_data_refuses_personal_data(council):
    with pytest.raises(ValueError):
        audit_record(actor=None, event=EventType.VIEWED, council=council, data={"name": "Jo Bloggs"})
    with pytest.raises(ValueError):
        audit_record(actor=None, event=EventType.VIEWED, council=council, data={"note": {"nested": "x"}})


def test_sign_in_and_failure_are_audited(client, council, user_with_role):
    user = user_with_role(Role.STAFF, email="jo@example.gov.uk")
    client.post("/accounts/login/", {"login": "jo@example.gov.uk", "password": "wrong-password"})
    assert AuditEvent.objects.filter(event_type=EventType.SIGN_IN_FAILED, subject_id=str(user.pk)).exists()
    assert sign_in_with_password(client, "jo@example.gov.uk")  # password, then the authenticator code
    signed_in = AuditEvent.objects.get(event_type=EventType.SIGNED_IN)
    assert signed_in.actor_id == user.pk
    # No audit row carries the typed email.
    assert not any("jo@example" in str(e.data) for e in AuditEvent.objects.all())
