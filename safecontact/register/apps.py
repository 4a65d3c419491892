from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "safecontact.register"
    label = "register"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
