from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safecontact.cases"
    label = "cases"
