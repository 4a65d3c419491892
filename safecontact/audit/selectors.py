from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.apps import apps
from django.db.models import Model, QuerySet
from django.utils import timezone

from safecontact.accounts.models import Organisation, User
from safecontact.audit.models import AuditEvent


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_list_for(*, council: Organisation, event_type: str = "",
                         event_types: Sequence[str] | None = None, subject: Model | None = None,
                         actor_id: UUID | None = None, since: date | None = None,
                         until: date | None = None) -> QuerySet[AuditEvent]:
    """The council's events, newest first; `event_type` keeps those whose code starts with it, `event_types` those
    with one of these exact codes (the audit trail page's filter by name or by area), `subject` those about it,
    `actor_id` those by that person, `since` / `until` those on or between those days (local time, both included)."""
    qs = AuditEvent.objects.filter(council_id=council.pk)
    if subject is not None:
        qs = qs.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk))
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    # Bounds as instants, not __date lookups: the index on time is used and the day is the council's, not UTC's.
    if since is not None:
        qs = qs.filter(occurred_at__gte=_start_of(since))
    if until is not None:
        qs = qs.filter(occurred_at__lt=_start_of(until + timedelta(days=1)))
    if event_type:
        qs = qs.filter(event_type__startswith=event_type)
    if event_types is not None:
        qs = qs.filter(event_type__in=list(event_types))
    return qs.order_by("-seq")


def audit_actor_names(*, actor_ids: Iterable[UUID | None]) -> dict[UUID, str]:
    """Names for the people on one page of events: rows hold identifiers only, the page shows who acted."""
    ids = {actor_id for actor_id in actor_ids if actor_id}
    return {pk: name or email for pk, name, email in User.objects.filter(pk__in=ids).values_list("pk", "full_name", "email")}


def audit_actor_choices(*, council: Organisation, subject: Model | None = None) -> list[tuple[str, str]]:
    """Everyone who has acted in the council's trail (or about `subject`), by name (the "who" filter): partners'
    and contractors' staff included, since their checks are in the council's chain too."""
    events = audit_event_list_for(council=council, subject=subject).filter(actor_id__isnull=False)
    ids = events.order_by().values_list("actor_id", flat=True).distinct()
    names = audit_actor_names(actor_ids=list(ids))
    return sorted(((str(pk), name) for pk, name in names.items()), key=lambda choice: choice[1].lower())


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


def audit_entry_for(*, council: Organisation, id: str) -> Model | None:
    """The register entry whose views the data protection officer asked about (this council's only)."""
    try:
        return apps.get_model("register", "Measure").objects.filter(council=council, pk=UUID(id)).first()
    except ValueError:
        return None
