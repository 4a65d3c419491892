from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "safecontact.incidents"
    label = "incidents"
