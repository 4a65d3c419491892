from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_register_version_triggers(sender, using, **kwargs):  # type: ignore[no-untyped-def]
    """SQLite drops a table's triggers when a migration rebuilds the table: put any missing ones back."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from safecontact.checks import register_version

    connection = connections[using]
    if MigrationRecorder(connection).migration_qs.filter(app="checks", name="0003_register_version").exists():
        register_version.install(connection)


class ChecksConfig(AppConfig):
    name = "safecontact.checks"
    label = "checks"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
        post_migrate.connect(_reinstall_register_version_triggers, sender=self)
