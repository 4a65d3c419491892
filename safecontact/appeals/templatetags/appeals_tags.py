"""Marks for register screens: "under appeal" (R73). One query per page, not one per row."""

from typing import Any

from django import template

from safecontact.appeals.selectors import measure_ids_under_appeal

register = template.Library()


@register.simple_tag
def under_appeal(measures: Any) -> set[Any]:
    """The ids of the given measures (one measure or a page of them) with an open appeal."""
    items = list(measures) if hasattr(measures, "__iter__") else [measures]
    if not items:
        return set()
    return measure_ids_under_appeal(council_id=items[0].council_id, measure_ids=[m.pk for m in items])


@register.inclusion_tag("appeals/_measure_panel.html", takes_context=True)
def be_fair_panel(context: dict[str, Any], measure: Any) -> dict[str, Any]:
    """Letters, the decision whether to notify, and appeals, on a register entry's page."""
    from safecontact.access.checks import can
    from safecontact.access.policy import Action
    from safecontact.appeals.models import Appeal
    from safecontact.letters.models import Event
    from safecontact.letters.selectors import letters_for_measure

    request = context["request"]
    user, council = request.user, request.council
    letter_events = [(Event.CONTACT_RESTRICTION if measure.kind == "contact_restriction" else Event.SAFETY_MARKER)]
    letter_events += [Event.REVIEW_OUTCOME, Event.REMOVAL]
    return {
        "measure": measure, "request": request,
        "letters": letters_for_measure(measure=measure) if can(user, Action.LETTER_VIEW, council) else None,
        "appeals": Appeal.objects.filter(measure=measure).order_by("-received_on") if can(user, Action.APPEAL_VIEW, council) else None,
        "can_prepare": can(user, Action.LETTER_PREPARE, council) and measure.person_id and measure.notify_decision != "withheld",
        "letter_events": [(e.value, e.label) for e in letter_events],
        "can_notify_decide": can(user, Action.NOTIFY_DECISION, council) and measure.is_live,
        "can_record_appeal": can(user, Action.APPEAL_RECORD, council) and measure.is_live and measure.person_id,
        "csrf_token": context.get("csrf_token"),
    }
