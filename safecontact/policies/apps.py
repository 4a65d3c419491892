from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "safecontact.policies"
    label = "policies"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
