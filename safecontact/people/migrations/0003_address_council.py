"""Addresses belong to a council (step 1 of 3): the column, empty for now, and no more one-row-per-UPRN rule.

0004 gives every existing address its council(s), 0005 makes the column required and adds the per-council rules.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0001_initial"),
        ("people", "0002_social_care_checked_on"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="address", name="address_unique_uprn"),
        migrations.AddField(
            model_name="address",
            name="council",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="addresses",
                                    to="accounts.organisation"),
        ),
    ]
