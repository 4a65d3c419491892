from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _reinstall_append_only_triggers(sender, using, **kwargs):  # type: ignore[no-untyped-def]
    """SQLite drops a table's triggers when a migration rebuilds the table: put any missing ones back."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from safecontact.audit import append_only

    connection = connections[using]
    if MigrationRecorder(connection).migration_qs.filter(app="audit", name="0004_sqlite_append_only").exists():
        append_only.install(connection)


class AuditConfig(AppConfig):
    name = "safecontact.audit"
    label = "audit"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
        post_migrate.connect(_reinstall_append_only_triggers, sender=self)
