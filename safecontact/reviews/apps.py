from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "safecontact.reviews"
    label = "reviews"

    def ready(self) -> None:
        from safecontact.core.contributions import register_app

        register_app(self)
