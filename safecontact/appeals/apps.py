from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "safecontact.appeals"
    label = "appeals"
