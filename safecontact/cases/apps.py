from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safecontact.cases"
    label = "cases"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
