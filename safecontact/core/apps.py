from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safecontact.core"
    label = "core"
