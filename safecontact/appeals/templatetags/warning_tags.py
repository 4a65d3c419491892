"""The warning panel on the case page (a formal warning) and the report's page (an informal warning): whether it is
still in force, its letters and appeals, and the next steps the user's roles allow. Reads only."""

from typing import Any

from django import template
from django.urls import reverse

from safecontact.access.checks import can
from safecontact.access.policy import Action
from safecontact.appeals.selectors import appeals_for_warning
from safecontact.cases.warnings import WarningStatus, formal_warning_status, informal_warning_status
from safecontact.letters.selectors import letters_for_warning

register = template.Library()


def _panel(context: dict[str, Any], *, kind: str, status: WarningStatus, about: dict[str, Any], has_person: bool,
           prepare_url: str, record_url: str, withdrawn_reason: str) -> dict[str, Any]:
    request = context["request"]
    user, council = request.user, request.council
    open_ = status.state in ("in_force", "expired")
    return {
        "kind": kind, "status": status, "withdrawn_reason": withdrawn_reason,
        "letters": letters_for_warning(**about) if can(user, Action.LETTER_VIEW, council) else None,
        "appeals": appeals_for_warning(**about) if can(user, Action.APPEAL_VIEW, council) else None,
        "can_prepare": open_ and has_person and can(user, Action.LETTER_PREPARE, council),
        "can_record_appeal": open_ and has_person and can(user, Action.APPEAL_RECORD, council),
        "prepare_url": prepare_url, "record_url": record_url, "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("appeals/_warning_panel.html", takes_context=True)
def formal_warning_panel(context: dict[str, Any], decision: Any) -> dict[str, Any]:
    return _panel(context, kind="formal warning", status=formal_warning_status(decision), about={"decision": decision},
                  has_person=True, withdrawn_reason=decision.withdrawn_reason,
                  prepare_url=reverse("letters:formal_warning_letter_prepare", kwargs={"decision_id": decision.pk}),
                  record_url=reverse("appeals:appeal_record_formal_warning", kwargs={"decision_id": decision.pk}))


@register.inclusion_tag("appeals/_warning_panel.html", takes_context=True)
def informal_warning_panel(context: dict[str, Any], incident: Any) -> dict[str, Any]:
    triage = incident.triage
    return _panel(context, kind="informal warning", status=informal_warning_status(triage), about={"incident": incident},
                  has_person=incident.person_id is not None, withdrawn_reason=triage.warning_withdrawn_reason,
                  prepare_url=reverse("letters:informal_warning_letter_prepare", kwargs={"incident_id": incident.pk}),
                  record_url=reverse("appeals:appeal_record_informal_warning", kwargs={"incident_id": incident.pk}))
