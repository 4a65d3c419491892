from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safecontact.people"
    label = "people"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
