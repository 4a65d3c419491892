from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "safecontact.reviews"
    label = "reviews"
