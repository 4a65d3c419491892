"""Addresses belong to a council (step 3 of 3): the council is required, a UPRN is unique within a council,
and the postcode look-up reads one council's addresses by (council, postcode)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0004_address_council_assign"),
    ]

    operations = [
        migrations.AlterField(
            model_name="address",
            name="council",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="addresses", to="accounts.organisation"),
        ),
        migrations.AddConstraint(
            model_name="address",
            constraint=models.UniqueConstraint(condition=models.Q(("uprn", ""), _negated=True), fields=("council", "uprn"),
                                               name="address_unique_uprn_per_council"),
        ),
        migrations.RemoveIndex(model_name="address", name="address_postcode"),
        migrations.AddIndex(model_name="address", index=models.Index(fields=["council", "postcode"], name="address_council_postcode")),
    ]
