"""What a complete report needs, by section, and the small rules derived from its answers.
Used by the check-your-answers page (to send the reporter back to the right section) and by
`incident_submit` (which refuses an incomplete report)."""

from __future__ import annotations

from dataclasses import dataclass

from safecontact.incidents.models import Incident

PHYSICAL_GROUP = "Physical"

IMMEDIATE_ACTIONS = [
    ("call_ended", "Call ended"),
    ("visit_abandoned", "Visit abandoned or left the premises"),
    ("refused_entry", "Asked to leave or refused entry"),
    ("police_called", "Police called"),
    ("informal_warning", "Informal warning given at the time"),
    ("help_called", "Colleagues or security called for help"),
    ("none", "No immediate action"),
]


@dataclass(frozen=True)
class Section:
    slug: str
    title: str


SECTIONS = [
    Section("when-and-where", "When and where"),
    Section("what-happened", "What happened"),
    Section("action-and-harm", "Action taken, injury and damage"),
    Section("the-person", "The person"),
    Section("others", "Others involved, witnesses and support"),
    Section("evidence", "Evidence"),
    Section("source", "Recorded on behalf of"),
]
SECTION_TITLES = {s.slug: s.title for s in SECTIONS}


def sections_for(incident: Incident) -> list[Section]:
    return [s for s in SECTIONS if s.slug != "source" or incident.recorded_on_behalf]


@dataclass(frozen=True)
class Missing:
    section: str
    field: str
    message: str


def missing_answers(incident: Incident, *, category_count: int | None = None) -> list[Missing]:
    """Answers the report still needs before it can be submitted (domain R6, R9-R11)."""
    if category_count is None:
        category_count = incident.categories.count() if incident.pk else 0
    missing: list[Missing] = []

    def need(ok: object, section: str, field: str, message: str) -> None:
        if not ok:
            missing.append(Missing(section, field, message))

    need(incident.occurred_at, "when-and-where", "occurred_at", "Enter the date and time it happened")
    need(incident.channel, "when-and-where", "channel", "Select how the contact happened")
    need(incident.location.strip(), "when-and-where", "location", "Enter where it happened")
    need(category_count, "what-happened", "categories", "Select at least one kind of behaviour")
    need(incident.account.strip(), "what-happened", "account", "Describe what happened")
    need(incident.immediate_action, "action-and-harm", "immediate_action", "Select the action taken at the time, or no immediate action")
    if incident.injury or incident.damage:
        need(incident.injury_detail.strip(), "action-and-harm", "injury_detail", "Describe the injury or damage")
    if not incident.subject_not_known:
        need(incident.subject_family_name.strip() or incident.subject_given_names.strip(), "the-person", "subject_family_name",
             "Enter the person's name, or say that it is not known")
        need(incident.identity_confirmation, "the-person", "identity_confirmation", "Select how the person's identity was confirmed")
    if incident.recorded_on_behalf:
        need(incident.source_organisation.strip(), "source", "source_organisation", "Enter the organisation that reported it")
    return missing


def is_riddor_candidate(*, injury: bool, category_groups: set[str]) -> bool:
    """Physical violence with an injury may be RIDDOR-reportable: Health and Safety decide (R14)."""
    return injury and PHYSICAL_GROUP in category_groups


def reporter_kind_for(roles: frozenset[str]) -> str:
    """How the policy names the reporter: councillors are members (R7); contractors and partner
    users are named as such; anyone holding a council staff role is staff."""
    if roles - {"councillor", "contractor", "partner"}:
        return "staff"
    for role, kind in (("councillor", "member"), ("contractor", "contractor"), ("partner", "partner")):
        if role in roles:
            return kind
    return "staff"
