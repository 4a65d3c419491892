from django.db import migrations, models


def refuse_if_letters_were_appealed_twice_online(apps, schema_editor):
    """Before this constraint one appeal code could be used any number of times. Such duplicates are real
    appeals from the public and must be merged by a person, not by a migration."""
    Appeal = apps.get_model("appeals", "Appeal")
    twice = (Appeal.objects.filter(channel="online", letter__isnull=False).values("letter")
             .annotate(n=models.Count("id")).filter(n__gt=1).count())
    if twice:
        raise RuntimeError(f"{twice} letters have more than one online appeal. Decide which appeal to keep for each "
                           "(record the others' grounds on it), then run the migration again.")


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(refuse_if_letters_were_appealed_twice_online, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="appeal",
            constraint=models.UniqueConstraint(condition=models.Q(("channel", "online")), fields=("letter",),
                                               name="appeal_one_online_appeal_per_letter"),
        ),
    ]
