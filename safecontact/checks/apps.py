from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


def _reinstall_register_version_triggers(sender, using, **kwargs):  # type: ignore[no-untyped-def]
    """SQLite drops a table's triggers when a migration rebuilds the table: put any missing ones back."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from safecontact.checks import register_version
    from safecontact.checks.migrations import _register_version_global, _register_version_per_council

    connection = connections[using]
    applied = set(MigrationRecorder(connection).migration_qs.filter(app="checks").values_list("name", flat=True))
    if "0007_register_change_log" in applied:
        register_version.install(connection)
    elif "0006_register_version_per_council" in applied:  # migrated back to before the change log
        _register_version_per_council.install(connection)
    elif "0003_register_version" in applied:  # migrated back to the one global token
        _register_version_global.install(connection)


def _drop_register_version_triggers_on_sqlite(sender, using, **kwargs):  # type: ignore[no-untyped-def]
    """SQLite cannot rebuild people_person while the alias triggers name it: drop them for the migration (checks
    then query the database directly); post_migrate puts them back and invalidates every index."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from safecontact.checks import register_version

    connection = connections[using]
    if connection.vendor != "sqlite" or not MigrationRecorder(connection).has_table():
        return
    if MigrationRecorder(connection).migration_qs.filter(app="checks", name="0006_register_version_per_council").exists():
        register_version.uninstall(connection)


class ChecksConfig(AppConfig):
    name = "safecontact.checks"
    label = "checks"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
        pre_migrate.connect(_drop_register_version_triggers_on_sqlite, sender=self)
        post_migrate.connect(_reinstall_register_version_triggers, sender=self)
