from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "safecontact.governance"
    label = "governance"
