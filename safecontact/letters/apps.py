from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "safecontact.letters"
    label = "letters"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
