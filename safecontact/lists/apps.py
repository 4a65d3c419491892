from django.apps import AppConfig


class ListsConfig(AppConfig):
    name = "safecontact.lists"
    label = "lists"
    verbose_name = "Managed lists"
