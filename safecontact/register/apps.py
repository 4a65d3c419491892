from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "safecontact.register"
    label = "register"
