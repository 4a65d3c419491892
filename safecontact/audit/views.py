from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.events import AREAS, EventType, area_event_types, event_name
from safecontact.audit.forms import AuditFilterForm
from safecontact.audit.selectors import (
    audit_actor_choices,
    audit_actor_names,
    audit_entry_for,
    audit_event_list_for,
    audit_person_for,
    subject_kind_name,
)
from safecontact.audit.services import audit_record
from safecontact.core.csv_export import csv_download
from safecontact.core.pagination import paginate

EXPORT_LIMIT = 50_000  # a download is one filtered view; a whole multi-year trail is the system administrator's job


def _filter_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter's options: each area as a whole, then its event types by name (values are codes, never shown)."""
    groups = []
    for key, (area, _prefixes) in AREAS.items():
        types = area_event_types(key)
        groups.append((area, [(f"area:{key}", f"Everything in {area.lower()}")]
                       + sorted(((t, EventType(t).label) for t in types), key=lambda choice: choice[1])))
    return groups


def _filtered(request: HttpRequest, *, about: Model | None = None) -> dict[str, Any]:
    """The events the page's filters ask for, and what the page needs to show them. Filters combine; one the
    form refuses (a date that is not a real date) is left out and its error shown beside it. `about`: the
    record or entry of a "who has viewed" page."""
    council = request.council  # type: ignore[attr-defined]
    chosen = request.GET.get("type", "").strip()[:80]
    if chosen.startswith("area:"):
        event_types: list[str] | None = area_event_types(chosen[5:])
    else:
        event_types = [chosen] if chosen else None
    # "Who viewed this person / this entry?" (the data protection officer's question, linked from the record and
    # the entry): its views only. An unknown or other council's id shows the whole trail rather than saying it exists.
    if about is not None:
        person, entry = (about, None) if about._meta.label_lower == "people.person" else (None, about)
    else:
        person = audit_person_for(council=council, id=request.GET.get("person", "")[:40])
        entry = None if person is not None else audit_entry_for(council=council, id=request.GET.get("entry", "")[:40])
    subject = person or entry
    if subject is not None:
        chosen, event_types = EventType.VIEWED.value, [EventType.VIEWED.value]
    form = AuditFilterForm(request.GET or None, actors=audit_actor_choices(council=council, subject=subject))
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {"actor_id": UUID(form.cleaned_data["user"]) if form.cleaned_data["user"] else None,
                   "since": form.cleaned_data["since"], "until": form.cleaned_data["until"]}
    qs = audit_event_list_for(council=council, event_types=event_types, subject=subject, **filters)
    kept = {key: value for key, value in request.GET.items() if key != "page" and value}
    # The download link carries the record or entry as a filter; on its own page the address already says which.
    about_filter = {"person" if person is not None else "entry": str(about.pk)} if about is not None else {}
    return {"qs": qs, "chosen": chosen, "person": person, "entry": entry, "form": form, "filters": filters,
            "query": urlencode(kept), "export_query": urlencode({**about_filter, **kept})}


def _rows(events: list[Any]) -> list[dict[str, Any]]:
    actors = audit_actor_names(actor_ids=[e.actor_id for e in events])
    return [{"event": e, "name": event_name(e.event_type), "actor": actors.get(e.actor_id, ""),
             "subject": subject_kind_name(e.subject_type)} for e in events]


@requires(Action.AUDIT_LOG_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    view = _filtered(request)
    page = paginate(request, view["qs"], per_page=50)
    return render(request, "audit/event_list.html", {
        **view, "page": page, "rows": _rows(list(page.object_list)), "choices": _filter_choices(), "can_export": True,
    })


def _views_page(request: HttpRequest, about: Model | None) -> HttpResponse:
    """Who has viewed one record or entry: for the DPO and the register manager (R45), who may not browse the rest
    of the trail nor download it (the download and the whole trail are the DPO's)."""
    if about is None:
        raise Http404
    view = _filtered(request, about=about)
    page = paginate(request, view["qs"], per_page=50)
    can_export = can(request.user, Action.AUDIT_LOG_VIEW, request.council)  # type: ignore[arg-type,attr-defined]
    return render(request, "audit/event_list.html", {
        **view, "page": page, "rows": _rows(list(page.object_list)), "choices": [], "can_export": can_export,
    })


@requires(Action.RECORD_VIEWS_VIEW)
def person_views(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    return _views_page(request, audit_person_for(council=request.council, id=str(id)))  # type: ignore[attr-defined]


@requires(Action.RECORD_VIEWS_VIEW)
def entry_views(request: HttpRequest, id: str) -> HttpResponse:  # noqa: A002
    return _views_page(request, audit_entry_for(council=request.council, id=str(id)))  # type: ignore[attr-defined]


@requires(Action.AUDIT_LOG_VIEW)
def event_export(request: HttpRequest) -> HttpResponse:
    """The filtered view as CSV, names not ids. The download is itself an event: the trail shows who took a copy."""
    view = _filtered(request)
    events = list(view["qs"][:EXPORT_LIMIT])
    subject = view["person"] or view["entry"]
    data = {"type": view["chosen"], "rows": len(events),
            "user": str(view["filters"]["actor_id"]) if view["filters"].get("actor_id") else "",
            "since": str(view["filters"].get("since") or ""), "until": str(view["filters"].get("until") or "")}
    audit_record(actor=request.user, event=EventType.AUDIT_EXPORTED, council=request.council,  # type: ignore[attr-defined]
                 subject=subject, data=data)
    rows = ([r["event"].seq, timezone.localtime(r["event"].occurred_at).strftime("%Y-%m-%d %H:%M:%S"), r["name"],
             r["actor"] or r["event"].get_actor_type_display(), r["subject"], r["event"].subject_id] for r in _rows(events))
    return csv_download(filename=f"audit-trail-{timezone.localdate():%Y-%m-%d}.csv",
                        header=["Number", "When", "Event", "Who", "About", "Reference"], rows=rows)
