"""The one-live-marker rule is per council: council A's marker on a person or premises never blocks council B's."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0005_address_council_required"),
        ("register", "0003_notification_decision"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="measure", name="measure_one_live_marker_per_subject"),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "safety_marker"), ("status__in", ("active", "under_review"))),
                fields=("council", "subject_key"), name="measure_one_live_marker_per_council_subject",
            ),
        ),
    ]
