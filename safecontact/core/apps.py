from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "safecontact.core"
    label = "core"

    def ready(self) -> None:
        from safecontact.core.db_types import use_c_timestamp_loader

        connection_created.connect(use_c_timestamp_loader, dispatch_uid="core.c_timestamp_loader")
