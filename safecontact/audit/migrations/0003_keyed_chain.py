"""Re-link every existing audit event with the keyed chain (HMAC-SHA-256 with AUDIT_CHAIN_KEY).

Until now the links were plain SHA-256, which anyone able to write to the database could recompute.
This converts each chain in order, event by event, and moves each head to its new last link; the
reverse converts back. On PostgreSQL the append-only trigger is lifted for this migration only.
"""

from django.db import migrations


def _relink(apps, schema_editor, link):  # type: ignore[no-untyped-def]
    from safecontact.audit.chain import GENESIS_HASH

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    connection = schema_editor.connection
    if not AuditEvent.objects.exists():
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        for chain in AuditEvent.objects.values_list("chain", flat=True).distinct():
            prev = GENESIS_HASH
            for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000):
                new = link(event, prev)
                AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=new)
                prev = new
            AuditChainHead.objects.filter(chain=chain).update(last_hash=prev)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from safecontact.audit.chain import compute_hash

    _relink(apps, schema_editor, compute_hash)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from safecontact.audit.chain import unkeyed_hash

    _relink(apps, schema_editor, unkeyed_hash)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
