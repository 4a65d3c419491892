from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safecontact.audit"
    label = "audit"
