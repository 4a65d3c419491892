from django.apps import AppConfig


class EqualityConfig(AppConfig):
    name = "safecontact.equality"
    label = "equality"
    verbose_name = "Equality monitoring"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
