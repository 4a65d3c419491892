from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "safecontact.letters"
    label = "letters"
