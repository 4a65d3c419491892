"""The register version per council (ADR 0008, amended; issue 16): the one global token and its triggers give way
to a token per council, bumped by triggers for the council of the changed row."""

from django.db import migrations, models

from safecontact.checks.migrations import _register_version_global as global_version
# The triggers as this migration made them (0007 adds the change log); the live module may have moved on.
from safecontact.checks.migrations import _register_version_per_council as register_version


def drop_global_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    global_version.uninstall(schema_editor.connection)


def restore_global_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    global_version.install(schema_editor.connection)
    schema_editor.execute(f"INSERT INTO {global_version.TABLE} (id, token) VALUES (1, 'initial')")


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    # On SQLite post_migrate installs them once every migration has run (checks/apps.py): a later migration
    # in the same run may rebuild people_person, which SQLite refuses while the alias triggers name it.
    if schema_editor.connection.vendor == "postgresql":
        register_version.install(schema_editor.connection)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    register_version.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_possible_match_same_day_hours"),
        ("checks", "0005_possible_match_desk"),
        ("people", "0006_rebuild_search_keys_nysiis"),
        ("register", "0006_import_jobs"),
    ]

    operations = [
        migrations.RunPython(drop_global_triggers, restore_global_triggers),
        migrations.DeleteModel(name="RegisterVersion"),
        migrations.CreateModel(
            name="CouncilRegisterVersion",
            fields=[
                ("council", models.OneToOneField(db_constraint=False, on_delete=models.DO_NOTHING, primary_key=True,
                                                 related_name="+", serialize=False, to="accounts.organisation")),
                ("token", models.CharField(max_length=40)),
            ],
        ),
        migrations.RunPython(install, uninstall),
    ]
