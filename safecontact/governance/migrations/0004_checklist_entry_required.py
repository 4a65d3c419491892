"""After 0003 filled it, every checklist task names its register entry (NOT NULL), and an entry's checklist is opened
once: one line per external system and one per partner."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0003_checklist_belongs_to_entry"),
    ]

    operations = [
        migrations.AlterField(
            model_name="checklisttask",
            name="measure",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="clearance_tasks", to="register.measure"),
        ),
        migrations.AddConstraint(
            model_name="checklisttask",
            constraint=models.UniqueConstraint(condition=models.Q(("system__isnull", False)), fields=("measure", "system"),
                                               name="governance_checklist_once_per_system"),
        ),
        migrations.AddConstraint(
            model_name="checklisttask",
            constraint=models.UniqueConstraint(condition=models.Q(("organisation__isnull", False)), fields=("measure", "organisation"),
                                               name="governance_checklist_once_per_partner"),
        ),
    ]
