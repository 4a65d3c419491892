"""The person page's link to subject access (R78), for the DPO only: the people app need not know about requests."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("subject_access/_person_link.html", takes_context=True)
def subject_access_link(context: dict[str, Any], person: Any) -> dict[str, Any]:
    from safecontact.access.checks import can
    from safecontact.access.policy import Action
    from safecontact.subject_access.selectors import sar_open_for_person

    request = context["request"]
    allowed = can(request.user, Action.SUBJECT_ACCESS_HANDLE, request.council)
    existing = sar_open_for_person(council=request.council, person=person) if allowed else None
    return {"person": person, "allowed": allowed and not person.merged_into_id, "existing": existing}
