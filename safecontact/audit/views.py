from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.selectors import audit_event_list_for
from safecontact.core.pagination import paginate


@requires(Action.AUDIT_LOG_VIEW)
def event_list(request: HttpRequest) -> HttpResponse:
    event_type = request.GET.get("type", "").strip()[:80]
    qs = audit_event_list_for(council=request.council, event_type=event_type)  # type: ignore[attr-defined]
    return render(request, "audit/event_list.html", {"page": paginate(request, qs, per_page=50), "event_type": event_type})
