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


def _record_kernel_event(sender, code: str, data: dict, **kwargs):  # type: ignore[no-untyped-def]
    """The kernel's reports (core/signals.py) as audit events, in the sender's transaction."""
    from safecontact.audit.events import EventType
    from safecontact.audit.services import audit_record

    audit_record(actor=None, event=EventType(code), council=None, data=data)


class AuditConfig(AppConfig):
    name = "safecontact.audit"
    label = "audit"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
        from safecontact.core.signals import kernel_event

        kernel_event.connect(_record_kernel_event, dispatch_uid="audit.kernel_event")
        post_migrate.connect(_reinstall_append_only_triggers, sender=self)
