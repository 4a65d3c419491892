"""THE managed lists: every list a council keeps for itself, described once (issue 13 part 3, domain R5).

Each list is a model with a nullable `council` (empty: a default every council shares), a `label`, `active` and
`sort_order`. The pages, services and selectors of this app work for any list described here; adding a list is
adding an entry, not writing pages. What counts as "in use" is found, not declared: any foreign key or
many-to-many field of any model that points at the list (lists/selectors.py), so a new reference is counted the
day it is added. Models are named by label, so this app imports none of the apps whose lists it manages.

The teams ("services") a register entry names are edited with the council's people (accounts), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.http import Http404

from safecontact.access.policy import Action


@dataclass(frozen=True)
class ItemField:
    """One thing a council types (or chooses) for an item. Every list's first field is its `label`."""

    name: str
    label: str
    help_text: str = ""
    max_length: int = 160
    required: bool = True
    missing: str = ""  # the error when it is left empty: "Enter …"
    # Chosen from the values the council's list already uses (a behaviour's group), not typed.
    choose_existing: bool = False
    column: str = ""  # the table's heading, when the form's label will not do

    @property
    def heading(self) -> str:
        return self.column or self.label


@dataclass(frozen=True)
class ManagedList:
    key: str  # in the address: /lists/<key>/
    model_label: str
    title: str  # "Precautions"
    item_name: str  # "precaution", in sentences
    intro: str  # what the list is for, in the council's words
    action: Action  # who may see and change it
    fields: tuple[ItemField, ...]
    # A field filled in from the label when an item is added, unique in the council's list, never shown
    # (a restriction type's code, which a spreadsheet import may use instead of the label).
    code_field: str = ""
    back_url: str = "lists:index"
    back_text: str = "Back to lists"

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.model_label)

    @property
    def url_name(self) -> str:
        return self.key.replace("-", "_")


LABEL = "label"

LISTS: tuple[ManagedList, ...] = (
    ManagedList(
        key="behaviour-categories", model_label="incidents.BehaviourCategory", title="Behaviour categories",
        item_name="behaviour category", action=Action.MANAGED_LIST_EDIT,
        intro="What people reporting an incident choose from to say what happened. Physical behaviours with an injury "
              "are flagged for Health and Safety.",
        fields=(ItemField(LABEL, "Behaviour", max_length=160, missing="Enter the behaviour",
                          help_text="For example, 'Blocking a member of staff's exit'"),
                ItemField("group", "Group", max_length=80, choose_existing=True, missing="Choose the group the behaviour belongs to")),
    ),
    ManagedList(
        key="precautions", model_label="register.Precaution", title="Precautions", item_name="precaution",
        action=Action.MANAGED_LIST_EDIT,
        intro="What a safety marker tells the person checking to do, for example 'Visit in pairs'.",
        fields=(ItemField(LABEL, "Precaution", missing="Enter the precaution", help_text="Say what to do, for example 'Visit in pairs'"),),
    ),
    ManagedList(
        key="restriction-types", model_label="register.RestrictionType", title="Restriction types", item_name="restriction type",
        action=Action.MANAGED_LIST_EDIT,
        intro="The kinds of contact restriction a decision-maker may approve, with the rule a checker is shown.",
        fields=(ItemField(LABEL, "Restriction type", missing="Enter the name of the restriction type",
                          help_text="For example, 'Email contact only'"),
                ItemField("rule_text", "What the person checking is told", max_length=300, missing="Enter what the person checking is told",
                          help_text="For example, 'Contact only by email to the named officer'")),
        code_field="code",
    ),
    ManagedList(
        key="external-systems", model_label="governance.ExternalSystem", title="Where flags are copied",
        item_name="system or list", action=Action.GOVERNANCE_MANAGE,
        intro="When an entry ends (removed by the Governance Group, overturned on appeal, or an interim marker that lapsed), "
              "each of these becomes a line on its checklist, with a line for every partner the entry was shared with.",
        fields=(ItemField(LABEL, "System or list", missing="Name the system",
                          help_text="For example, 'Leisure centre membership bar'"),
                ItemField("owner", "Who clears it (optional)", required=False, column="Who clears it")),
        back_url="governance:meeting_list", back_text="Back to the Governance Group",
    ),
)

BY_KEY = {spec.key: spec for spec in LISTS}


def list_for(key: str) -> ManagedList:
    if key not in BY_KEY:
        raise Http404
    return BY_KEY[key]


def list_for_model(model: type[Model]) -> ManagedList:
    """The list a picker's model belongs to (a precaution checkbox, a behaviour category…)."""
    return next(spec for spec in LISTS if spec.model_label == model._meta.label)
