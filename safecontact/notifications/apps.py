from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safecontact.notifications"
    label = "notifications"
    verbose_name = "Emails to staff"
