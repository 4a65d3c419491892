from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "safecontact.governance"
    label = "governance"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
