from collections.abc import Iterable, Sequence
from uuid import UUID

from django.apps import apps
from django.db.models import Model, QuerySet

from safecontact.accounts.models import Organisation, User
from safecontact.audit.models import AuditEvent


def audit_event_list_for(*, council: Organisation, event_type: str = "",
                         event_types: Sequence[str] | None = None, subject: Model | None = None) -> QuerySet[AuditEvent]:
    """The council's events, newest first; `event_type` keeps those whose code starts with it, `event_types` those
    with one of these exact codes (the audit trail page's filter by name or by area), `subject` those about it."""
    qs = AuditEvent.objects.filter(council_id=council.pk)
    if subject is not None:
        qs = qs.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
    if event_type:
        qs = qs.filter(event_type__startswith=event_type)
    if event_types is not None:
        qs = qs.filter(event_type__in=list(event_types))
    return qs.order_by("-seq")


def audit_actor_names(*, actor_ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """Names for the people on one page of events: rows hold identifiers only, the page shows who acted."""
    ids = {actor_id for actor_id in actor_ids if actor_id}
    return {pk: name or email for pk, name, email in User.objects.filter(pk__in=ids).values_list("pk", "full_name", "email")}


# Models whose class name is not the council's word for them.
_SUBJECT_NAMES = {"register.measure": "Register entry", "accounts.organisation": "Organisation"}


def subject_kind_name(subject_type: str) -> str:
    """'incidents.incident' -> 'Incident': the model's own name for what an event is about."""
    if not subject_type or subject_type in _SUBJECT_NAMES:
        return _SUBJECT_NAMES.get(subject_type, "")
    try:
        name = str(apps.get_model(subject_type)._meta.verbose_name)
    except (LookupError, ValueError):
        name = subject_type.rpartition(".")[2].replace("_", " ")
    return name[:1].upper() + name[1:]


def audit_person_for(*, council: Organisation, id: str) -> Model | None:
    """The customer record whose views the data protection officer asked about (this council's only). Looked up by
    name: people records sit beside the audit trail, which must not depend on them."""
    try:
        return apps.get_model("people", "Person").objects.filter(council=council, pk=UUID(id)).first()
    except ValueError:
        return None
