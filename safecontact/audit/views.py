from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.events import AREAS, EventType, area_event_types, event_name
from safecontact.audit.selectors import audit_actor_names, audit_event_list_for, audit_person_for, subject_kind_name
from safecontact.core.pagination import paginate


def _filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter's options: each area as a whole, then its event types by name (values are codes, never shown)."""
    groups = []
    for key, (area, _prefixes) in AREAS.items():
        types = area_event_types(key)
        groups.append((area, [(f"area:{key}", f"Everything in {area.lower()}")]
                       + sorted(((t, EventType(t).label) for t in types), key=lambda choice: choice[1])))
    return groups


@requires(Action.AUDIT_LOG_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("type", "").strip()[:80]
    if chosen.startswith("area:"):
        event_types: list[str] | None = area_event_types(chosen[5:])
    else:
        event_types = [chosen] if chosen else None
    # "Who viewed this person?" (the data protection officer's question, linked from the customer record): the
    # record's views only. An unknown or other council's id shows the whole trail rather than saying it exists.
    person = audit_person_for(council=request.council, id=request.GET.get("person", "")[:40])  # type: ignore[attr-defined]
    if person is not None:
        chosen, event_types = EventType.VIEWED.value, [EventType.VIEWED.value]
    qs = audit_event_list_for(council=request.council, event_types=event_types, subject=person)  # type: ignore[attr-defined]
    page = paginate(request, qs, per_page=50)
    actors = audit_actor_names(actor_ids=[e.actor_id for e in page.object_list])
    rows = [{"event": e, "name": event_name(e.event_type), "actor": actors.get(e.actor_id, ""),
             "subject": subject_kind_name(e.subject_type)} for e in page.object_list]
    return render(request, "audit/event_list.html", {
        "page": page, "rows": rows, "chosen": chosen, "choices": _filter_choices(),
        "query": urlencode({"person": person.pk} if person is not None else {"type": chosen}) if chosen else "",
        "person": person,
    })
