"""The cache table (`CACHES` in settings/base.py): allauth counts failed sign-ins in Django's cache, and a cache
per process would give an attacker one allowance per web worker (docs/scaling.md). Created here, not by a separate
`createcachetable` step, so every way of setting up a database (make demo, deploy, the restore drill) has it."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "safecontact_cache"


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    # By name, not from CACHES: the table exists whichever cache a settings file picks (tests use local memory),
    # so switching a deployment to the database cache needs no further step.
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0003_worker_heartbeats_and_daily_run_owner")]
    operations = [migrations.RunPython(create, drop)]
