"""Issue 11, "every ending clears everywhere": the clear-everywhere checklist belongs to the register entry, so an
appeal overturned or an interim marker lapsing can open one too; the Governance Group's agenda item becomes optional.
Existing tasks (all from Governance Group removals) take their entry from their agenda item. The column becomes
required in 0004, in its own transaction (PostgreSQL will not alter a table with row updates pending in the same one).
"""

import django.db.models.deletion
from django.db import migrations, models


def fill_measure(apps, schema_editor):  # type: ignore[no-untyped-def]
    ChecklistTask = apps.get_model("governance", "ChecklistTask")
    AgendaItem = apps.get_model("governance", "AgendaItem")
    measure_of_item = dict(AgendaItem.objects.filter(checklist__isnull=False).values_list("pk", "measure_id").distinct())
    for item_id, measure_id in measure_of_item.items():
        ChecklistTask.objects.filter(item_id=item_id, measure__isnull=True).update(measure_id=measure_id)


def drop_tasks_without_item(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Backwards: the old schema has a checklist only under an agenda item. Tasks opened by an appeal or a lapse
    cannot be represented there, so they go (their opening and every tick are still in the audit trail)."""
    apps.get_model("governance", "ChecklistTask").objects.filter(item__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_default_external_systems"),
        ("register", "0003_notification_decision"),
    ]

    operations = [
        migrations.AddField(
            model_name="checklisttask",
            name="measure",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="clearance_tasks",
                                    to="register.measure"),
        ),
        migrations.AlterField(
            model_name="checklisttask",
            name="item",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="checklist",
                                    to="governance.agendaitem"),
        ),
        migrations.RunPython(fill_measure, drop_tasks_without_item),
    ]
