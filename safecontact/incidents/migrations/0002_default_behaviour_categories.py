"""The default managed list of behaviours (domain d.8); councils can add their own rows."""

from django.db import migrations

CATEGORIES = {
    "Physical": ["Physical assault", "Spitting", "Throwing objects", "Damage to property", "Use or threat of a weapon",
                 "Intimidation by animals (dogs)"],
    "Threats and verbal": ["Threats to staff or their families", "Threats to property", "Verbal abuse, swearing or shouting"],
    "Hate and harassment": ["Racist, religious, homophobic or other hate abuse", "Sexual harassment or inappropriate comments"],
    "Stalking and persistence": ["Unreasonable fixation on a member of staff", "Stalking or following", "Covert recording"],
    "Unreasonable demands": ["Excessive contact (calls, emails, letters)", "Demanding immediate responses",
                             "Insisting on a particular officer", "The same issue through many routes"],
    "Unreasonable persistence": ["Refusing to accept decisions", "Changing the basis of the complaint",
                                 "Raising new issues mid-investigation"],
    "Non-cooperation": ["Refusing to specify the complaint", "Submitting falsified documents", "Denying earlier statements"],
    "Online": ["Abuse on social media or online"],
    "Intoxication": ["Under the influence while on premises"],
}


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    BehaviourCategory = apps.get_model("incidents", "BehaviourCategory")
    order = 0
    for group, labels in CATEGORIES.items():
        for label in labels:
            order += 1
            BehaviourCategory.objects.get_or_create(council=None, group=group, label=label, defaults={"sort_order": order})


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("incidents", "BehaviourCategory").objects.filter(council=None).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
