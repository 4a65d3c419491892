from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "safecontact.api"
    label = "api"
