"""A reference on every check for the checker to quote to Customer Relations (issue 14). Existing checks are given
their own random reference one by one: AddField would give them all the same value of the callable default."""

from django.db import migrations, models

import safecontact.checks.models


def give_existing_checks_a_reference(apps, schema_editor):  # type: ignore[no-untyped-def]
    Check = apps.get_model("checks", "Check")
    for check in Check.objects.filter(reference="").only("pk").iterator():
        Check.objects.filter(pk=check.pk).update(reference=safecontact.checks.models.new_check_reference())


class Migration(migrations.Migration):

    dependencies = [
        ("checks", "0003_register_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="check",
            name="reference",
            field=models.CharField(default="", editable=False, max_length=16),
        ),
        migrations.RunPython(give_existing_checks_a_reference, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="check",
            name="reference",
            field=models.CharField(default=safecontact.checks.models.new_check_reference, editable=False, max_length=16),
        ),
        migrations.AddIndex(
            model_name="check",
            index=models.Index(fields=["council", "reference"], name="check_council_reference"),
        ),
    ]
