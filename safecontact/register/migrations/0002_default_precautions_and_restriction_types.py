"""Default managed lists; each council may add its own rows."""

from django.db import migrations

PRECAUTIONS = [
    "Visit in pairs", "No lone visits", "Meet only at council offices", "No home visits", "Police escort",
    "Phone contact only", "Do not enter the property", "Dog on premises: ask for it to be secured",
    "Tell a colleague when you arrive and leave (buddy system)", "Keep a clear exit",
]
RESTRICTION_TYPES = [
    ("spoc", "Single point of contact (and deputy)", "Contact only through the named officer or their deputy"),
    ("written_only", "Written contact only", "Contact only in writing to the named officer"),
    ("channels", "Permitted channels only", "Use only the permitted channels"),
    ("phone_limits", "Phone limits", "Phone calls only on the permitted days and times, for the permitted length"),
    ("appointments_only", "Appointments only", "Meet only by appointment"),
    ("accompanied", "Accompanied meetings", "Meet only with a colleague present"),
    ("building_exclusion", "Building exclusion", "Not to enter the named premises"),
    ("file_without_reply", "Correspondence on a closed matter filed without reply",
     "Correspondence on the closed matter is read for new information or safeguarding, and filed without reply"),
    ("no_social_media", "No social media contact", "Do not engage on social media"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Precaution = apps.get_model("register", "Precaution")
    RestrictionType = apps.get_model("register", "RestrictionType")
    for order, label in enumerate(PRECAUTIONS, start=1):
        Precaution.objects.get_or_create(council=None, label=label, defaults={"sort_order": order})
    for order, (code, label, rule) in enumerate(RESTRICTION_TYPES, start=1):
        RestrictionType.objects.get_or_create(council=None, code=code, defaults={"label": label, "rule_text": rule, "sort_order": order})


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("register", "Precaution").objects.filter(council=None).delete()
    apps.get_model("register", "RestrictionType").objects.filter(council=None).delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
