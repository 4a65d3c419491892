"""The "disputed" banner (R79) on pages other apps own: the customer's record, a register entry and the facts a
decision rests on. Those pages already check who may open them and audit the view; the banner adds one query."""

from typing import Any

from django import template

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.rectification.selectors import disputes_for

register = template.Library()


@register.inclusion_tag("rectification/_disputed.html", takes_context=True)
def record_disputes(context: dict[str, Any], person: Any = None, measure: Any = None, offer_record: bool = False) -> dict[str, Any]:
    request = context.get("request")
    user, council = getattr(request, "user", None), getattr(request, "council", None)
    disputes = disputes_for(person=person, measure=measure)
    record_person = person if person is not None else getattr(measure, "person", None)
    return {
        "disputes": disputes,
        "can_open": user is not None and can(user, Action.RECTIFICATION_VIEW, council),
        "record_url_person": record_person if (
            offer_record and person is not None and user is not None and not getattr(person, "merged_into_id", None)
            and can(user, Action.RECTIFICATION_RECORD, council)) else None,
    }
