from django.apps import AppConfig

from safecontact.core.contributions import register_app


class ShellConfig(AppConfig):
    """The top of the house: home pages, navigation, demo seeding, the daily run and error pages, assembled from
    what every app declares in its contributions module (core/contributions.py)."""

    name = "safecontact.shell"
    label = "shell"

    def ready(self) -> None:
        register_app(self)
