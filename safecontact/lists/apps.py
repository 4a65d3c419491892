from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "safecontact.lists"
    label = "lists"
    verbose_name = "Managed lists"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
