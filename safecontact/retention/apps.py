from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "safecontact.retention"
    label = "retention"
