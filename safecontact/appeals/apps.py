from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "safecontact.appeals"
    label = "appeals"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
