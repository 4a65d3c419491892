"""Marks for register screens: "review overdue" (R56: an entry neither vanishes nor stays silently
live). One query per page for the council's grace period, none per row."""

from typing import Any

from django import template
from django.utils import timezone

from safecontact.reviews.selectors import review_overdue_ids

register = template.Library()


@register.simple_tag
def review_overdue(measures: Any) -> set[Any]:
    """The ids of the given measures (one measure or a page of them) whose review is overdue."""
    items = list(measures) if hasattr(measures, "__iter__") else [measures]
    return review_overdue_ids(measures=items, today=timezone.localdate())


@register.inclusion_tag("reviews/_measure_panel.html", takes_context=True)
def reviews_panel(context: dict[str, Any], measure: Any) -> dict[str, Any]:
    """The review state of a register entry, on its page: overdue warning, last review, links."""
    from safecontact.access.checks import can
    from safecontact.access.policy import Action
    from safecontact.reviews.selectors import last_review

    request = context["request"]
    user, council = request.user, request.council
    can_view = can(user, Action.REVIEW_VIEW, council)
    return {
        "measure": measure,
        "overdue": bool(review_overdue_ids(measures=[measure], today=timezone.localdate())),
        "last_review": last_review(measure=measure) if can_view else None,
        "can_view": can_view,
        "can_record": can(user, Action.REVIEW_RECORD, council) and measure.is_live,
    }
