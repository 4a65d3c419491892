"""The register version and the triggers that change it (ADR 0008)."""

from django.db import migrations, models

from safecontact.checks.migrations import _register_version_global as register_version


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    register_version.install(schema_editor.connection)
    schema_editor.execute(f"INSERT INTO {register_version.TABLE} (id, token) VALUES (1, 'initial')")


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    register_version.uninstall(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ("checks", "0002_match_reasons"),
        ("people", "0002_social_care_checked_on"),
        ("register", "0003_notification_decision"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegisterVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=40)),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="register_version_single_row")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
