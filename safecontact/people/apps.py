from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "safecontact.people"
    label = "people"
