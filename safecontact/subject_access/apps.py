from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "safecontact.subject_access"
    label = "subject_access"
    verbose_name = "Subject access"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
