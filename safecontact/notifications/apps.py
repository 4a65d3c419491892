from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safecontact.notifications"
    label = "notifications"
    verbose_name = "Emails to staff"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
