from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safecontact.accounts"
    label = "accounts"

    def ready(self) -> None:
        from safecontact.accounts import signals  # noqa: F401  (audits sign-ins from allauth/axes)
