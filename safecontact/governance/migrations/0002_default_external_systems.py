"""Default removal checklist: the places a register flag is commonly copied (domain lifecycle 11;
Hounslow's email block outlived the lifted ban). Each council may add its own rows."""

from django.db import migrations

SYSTEMS = [
    ("CRM customer marker", "CRM administrators"),
    ("Email block or mail filter rule", "ICT service desk"),
    ("Telephony / contact centre alert", "Contact centre manager"),
    ("Building access or reception pass list", "Facilities"),
    ("Housing management system alert", "Housing systems team"),
    ("Lone-worker system alert", "Health and safety"),
    ("Local spreadsheets and paper lists", "Service managers"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ExternalSystem = apps.get_model("governance", "ExternalSystem")
    for order, (label, owner) in enumerate(SYSTEMS, start=1):
        ExternalSystem.objects.get_or_create(council=None, label=label, defaults={"owner": owner, "sort_order": order})


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("governance", "ExternalSystem").objects.filter(council=None, label__in=[s[0] for s in SYSTEMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_governance")]
    operations = [migrations.RunPython(forwards, backwards)]
