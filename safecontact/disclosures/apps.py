from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "safecontact.disclosures"
    label = "disclosures"
    verbose_name = "Disclosures to partners"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
