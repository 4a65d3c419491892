"""The three ways someone with write access to the database could rewrite the audit trail, and how
`verify_audit` catches each: the keyed chain (edit + recompute), and the signed checkpoints kept outside
the database (delete the tail and move the head back; restore an old backup)."""

import json
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.test import override_settings

from safecontact.access.policy import Role
from safecontact.audit import append_only
from safecontact.audit.chain import GENESIS_HASH, chain_key, compute_hash, unkeyed_hash
from safecontact.audit.checkpoints import audit_checkpoint_write, checkpoint_dir, read_checkpoints
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditChainHead, AuditEvent
from safecontact.audit.services import audit_record
from safecontact.audit.tests.tampering import write_behind_the_application
from safecontact.audit.verify import verify_all


def _db_id(event: AuditEvent) -> str:
    return event.pk.hex if connection.vendor == "sqlite" else str(event.pk)


@pytest.fixture
def chain(council, user_with_role):
    actor = user_with_role(Role.REGISTER_MANAGER)
    for _ in range(6):
        audit_record(actor=actor, event=EventType.VIEWED, council=council, subject=actor)
    return str(council.pk)


def verify_all_but_checkpoints(chain: str) -> bool:
    """Without the checkpoints the shortened chain is valid: only they catch this attack."""
    with override_settings(AUDIT_CHECKPOINT_DIR=checkpoint_dir() / "none"):
        return verify_all()[1] == []


def _events(chain: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=chain).order_by("seq"))


def test_the_chain_is_keyed_and_an_unkeyed_recomputation_does_not_verify(chain):
    first = _events(chain)[0]
    assert first.hash == compute_hash(first, GENESIS_HASH)
    assert first.hash != unkeyed_hash(first, GENESIS_HASH)
    assert first.hash != compute_hash(first, GENESIS_HASH, key=b"another key")


def test_edit_and_recompute_the_chain_is_detected(chain):
    """The attacker edits an event and recomputes every later link and the head, as they could with an
    unkeyed SHA-256 chain; without the key, the links they compute are wrong."""
    events = _events(chain)
    prev = events[1].hash
    for event in events[2:]:
        if event.seq == 3:
            event.event_type = "access.nothing_to_see"
        event.prev_hash = prev
        event.hash = unkeyed_hash(event, prev)
        write_behind_the_application("UPDATE audit_auditevent SET event_type = %s, prev_hash = %s, hash = %s WHERE id = %s",
                      [event.event_type, event.prev_hash, event.hash, _db_id(event)])
        prev = event.hash
    AuditChainHead.objects.filter(chain=chain).update(last_hash=prev)
    breaks = verify_all()[1]
    assert [(b.chain, b.seq) for b in breaks] == [(chain, 3)]
    assert "no longer matches" in breaks[0].reason


def test_the_key_recomputes_what_an_attacker_cannot(chain):
    """Control for the test above: the same rewrite with the key does verify, so only the key protects it
    (which is why it lives outside the database)."""
    events = _events(chain)
    prev, key = events[1].hash, chain_key()
    for event in events[2:]:
        event.prev_hash, event.hash = prev, compute_hash(event, prev, key=key)
        write_behind_the_application("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [event.prev_hash, event.hash, _db_id(event)])
        prev = event.hash
    assert verify_all()[1] == []


def test_delete_the_tail_and_move_the_head_back_is_detected_by_the_checkpoint(chain):
    assert audit_checkpoint_write()["written"] >= 1
    events = _events(chain)
    for event in events[4:]:
        write_behind_the_application("DELETE FROM audit_auditevent WHERE id = %s", [_db_id(event)])
    AuditChainHead.objects.filter(chain=chain).update(seq=events[3].seq, last_hash=events[3].hash)
    assert verify_all_but_checkpoints(chain)
    breaks = verify_all()[1]
    assert [(b.chain, b.seq) for b in breaks] == [(chain, events[-1].seq)]
    assert "events were removed or an older backup was restored" in breaks[0].reason
    with pytest.raises(CommandError, match="1 of"):
        call_command("verify_audit")


def test_restoring_an_old_backup_is_detected_even_after_new_events(chain, council):
    """A backup taken at event 4 is restored after a checkpoint at 6, and the service runs on: by the time
    anyone verifies, the chain is longer again, but event 6 is not the one the checkpoint signed."""
    events = _events(chain)
    backup = [(e.pk, e.seq, e.hash) for e in events[:4]]
    audit_checkpoint_write()
    for event in events[4:]:  # the restore: the database as it was at event 4
        write_behind_the_application("DELETE FROM audit_auditevent WHERE id = %s", [_db_id(event)])
    AuditChainHead.objects.filter(chain=chain).update(seq=backup[-1][1], last_hash=backup[-1][2])
    for _ in range(4):  # life goes on after the restore
        audit_record(actor=None, event=EventType.VIEWED, council=council)
    assert AuditChainHead.objects.get(chain=chain).seq > events[-1].seq
    assert verify_all_but_checkpoints(chain)
    breaks = verify_all()[1]
    assert [(b.chain, b.seq) for b in breaks] == [(chain, events[-1].seq)]
    assert "differs from the checkpoint" in breaks[0].reason


def test_a_forged_or_edited_checkpoint_line_is_reported(chain):
    audit_checkpoint_write()
    path = next(checkpoint_dir().glob("*.jsonl"))
    row = json.loads(path.read_text().splitlines()[0])
    row["seq"] = 1
    path.write_text(path.read_text() + json.dumps(row) + "\n")
    breaks = verify_all()[1]
    assert any("checkpoint line has been altered" in b.reason for b in breaks)


def test_checkpoints_are_written_only_when_a_chain_moves(chain, council):
    first = audit_checkpoint_write()
    assert first["written"] >= 1
    assert audit_checkpoint_write()["written"] == 0
    audit_record(actor=None, event=EventType.VIEWED, council=council)
    assert audit_checkpoint_write() == {"written": 1, "unchanged": first["written"] - 1}
    head = AuditChainHead.objects.get(chain=chain).seq
    assert [c.seq for c in read_checkpoints(chain)] == [head - 1, head]
    assert all(c.valid for c in read_checkpoints(chain))
    assert verify_all()[1] == []


def test_the_daily_run_writes_checkpoints(chain):
    from safecontact.shell.jobs import run_daily

    run_daily()
    assert read_checkpoints(chain)[-1].seq == AuditChainHead.objects.get(chain=chain).seq


def test_the_command_writes_checkpoints(chain, capsys):
    call_command("audit_checkpoint")
    assert "Checkpoints written" in capsys.readouterr().out
    assert read_checkpoints(chain)


@pytest.mark.django_db(transaction=True)
def test_the_test_suites_flush_empties_the_table_and_keeps_it_append_only(council):
    """Transactional tests are flushed with DELETE on SQLite: the flush works and the triggers come back."""
    audit_record(actor=None, event=EventType.VIEWED, council=council)
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEvent.objects.exists()
    from safecontact.core.tests.factories import OrganisationFactory

    event = audit_record(actor=None, event=EventType.VIEWED, council=OrganisationFactory(slug="after-flush"))
    with pytest.raises(DatabaseError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_migration_0003_relinks_existing_chains_with_the_key_and_back(chain):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("safecontact.audit.migrations.0003_keyed_chain")
    append_only.uninstall(connection)
    try:
        editor = SimpleNamespace(connection=connection)  # all the migration uses of its schema editor
        migration.backwards(apps, editor)
        first = _events(chain)[0]
        assert first.hash == unkeyed_hash(first, GENESIS_HASH)
        assert verify_all()[1] != []
        migration.forwards(apps, editor)
    finally:
        append_only.install(connection)
    assert verify_all()[1] == []
