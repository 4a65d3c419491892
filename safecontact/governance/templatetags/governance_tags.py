"""The clear-everywhere checklist on an ended register entry's page (issue 11: every ending clears everywhere)."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("governance/_measure_panel.html", takes_context=True)
def clearance_panel(context: dict[str, Any], measure: Any) -> dict[str, Any]:
    """Shown to those who see Governance Group work; those who clear the checklists tick it off here too."""
    from safecontact.access.checks import can
    from safecontact.access.policy import Action
    from safecontact.governance.forms import ChecklistForm
    from safecontact.governance.selectors import clearance_tasks_for

    request = context["request"]
    user, council = request.user, request.council
    can_manage = can(user, Action.GOVERNANCE_MANAGE, council)
    visible = measure.status == "ended" and (can_manage or can(user, Action.GOVERNANCE_VIEW, council))
    return {
        "tasks": list(clearance_tasks_for(measure=measure)) if visible else [],
        "can_manage": can_manage, "statuses": ChecklistForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        "csrf_token": context.get("csrf_token"),
    }
