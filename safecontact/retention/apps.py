from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "safecontact.retention"
    label = "retention"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
