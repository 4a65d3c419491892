"""The register's change log (issue 16, ADR 0008 amended): the triggers also record which people (and whether
premises) changed, and the version row the newest log id, so a worker patches its index instead of rebuilding it."""

import django.db.models.deletion
from django.db import migrations, models

from safecontact.checks import register_version
from safecontact.checks.migrations import _register_version_per_council as before_log


def drop_triggers_without_log(apps, schema_editor):  # type: ignore[no-untyped-def]
    before_log.uninstall(schema_editor.connection)


def restore_triggers_without_log(apps, schema_editor):  # type: ignore[no-untyped-def]
    # On SQLite post_migrate puts them back once every migration has run (checks/apps.py).
    if schema_editor.connection.vendor == "postgresql":
        before_log.install(schema_editor.connection)


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    # On SQLite post_migrate installs them (checks/apps.py), as for 0006.
    if schema_editor.connection.vendor == "postgresql":
        register_version.install(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    register_version.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_possible_match_same_day_hours"),
        ("checks", "0006_register_version_per_council"),
    ]

    operations = [
        migrations.RunPython(drop_triggers_without_log, restore_triggers_without_log),
        migrations.AddField(
            model_name="councilregisterversion",
            name="last_change",
            field=models.BigIntegerField(default=0),
        ),
        migrations.CreateModel(
            name="RegisterChange",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("person_id", models.UUIDField(null=True)),
                ("premises", models.BooleanField(default=False)),
                ("token", models.CharField(max_length=40)),
                ("created_at", models.DateTimeField()),
                ("council", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING,
                                              related_name="+", to="accounts.organisation")),
            ],
            options={
                "indexes": [models.Index(fields=["council", "id"], name="register_change_council_id"),
                            models.Index(fields=["created_at"], name="register_change_created")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
