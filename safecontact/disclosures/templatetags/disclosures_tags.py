"""The link from a register entry's page to "who could see this entry" (R90), for those who may run the report."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("disclosures/_entry_link.html", takes_context=True)
def entry_audience_link(context: dict[str, Any], measure: Any) -> dict[str, Any]:
    from safecontact.access.checks import can
    from safecontact.access.policy import Action

    request = context["request"]
    return {"measure": measure, "show": can(request.user, Action.ENTRY_AUDIENCE_VIEW, request.council)}
