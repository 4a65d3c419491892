from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safecontact.accounts"
    label = "accounts"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
        from safecontact.accounts import signals  # noqa: F401  (audits sign-ins from allauth/axes)
