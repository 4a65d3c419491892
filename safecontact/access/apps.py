from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "safecontact.access"
    label = "access"
