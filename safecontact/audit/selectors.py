from django.db.models import QuerySet

from safecontact.accounts.models import Organisation
from safecontact.audit.models import AuditEvent


def audit_event_list_for(*, council: Organisation, event_type: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(council_id=council.pk)
    if event_type:
        qs = qs.filter(event_type__startswith=event_type)
    return qs.order_by("-seq")
