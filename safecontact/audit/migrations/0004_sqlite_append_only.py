"""On SQLite too, refuse UPDATE and DELETE on audit rows at the database itself (see audit/append_only.py)."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from safecontact.audit import append_only

    append_only.install(schema_editor.connection)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    from safecontact.audit import append_only

    append_only.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain")]
    operations = [migrations.RunPython(forwards, backwards)]
