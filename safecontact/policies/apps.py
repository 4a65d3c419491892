from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "safecontact.policies"
    label = "policies"
