from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "safecontact.checks"
    label = "checks"
