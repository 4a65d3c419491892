from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "safecontact.rectification"
    label = "rectification"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
