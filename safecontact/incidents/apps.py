from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "safecontact.incidents"
    label = "incidents"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
