"""The managed lists' services (issue 13 part 3): add, rename, reorder, retire and restore, delete only what was
never used; a council's changes to the shared defaults stay its own."""

import pytest
from django.core.exceptions import PermissionDenied

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.governance.models import ChecklistTask
from safecontact.incidents.models import BehaviourCategory
from safecontact.lists import services
from safecontact.lists.registry import LISTS, list_for
from safecontact.lists.selectors import choices_for, references_to, rows_for
from safecontact.register.models import Precaution, RestrictionType
from safecontact.register.tests import builders as b


def labels(council, model=Precaution):
    return list(choices_for(model=model, council=council).values_list("label", flat=True))


def default(label, model=Precaution):
    return model.objects.get(council=None, label=label)


def events(event_type, item):
    return AuditEvent.objects.filter(event_type=event_type, subject_id=str(item.pk))


def test_an_added_item_goes_to_the_end_of_the_councils_list_only(council, other_council, manager, precautions):
    item = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "  Ring ahead   before visiting "})
    assert item.label == "Ring ahead before visiting" and item.council == council
    assert labels(council)[-1] == "Ring ahead before visiting"
    assert "Ring ahead before visiting" not in labels(other_council)
    event = events("list_item.added", item).get()
    assert event.data == {"list": "precautions", "label": "Ring ahead before visiting"} and event.council_id == council.pk


def test_a_label_already_on_the_list_is_refused_whatever_its_case(council, manager, precautions):
    with pytest.raises(ApplicationError, match="already on the list"):
        services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "visit IN pairs"})
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=default("Visit in pairs"))
    with pytest.raises(ApplicationError, match="retired: restore it instead"):
        services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Visit in pairs"})


def test_another_councils_own_item_does_not_block_the_same_wording(council, other_council, manager, other_manager, precautions):
    services.list_item_add(actor=other_manager, council=other_council, spec=precautions, values={"label": "Ring ahead"})
    services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    assert labels(council).count("Ring ahead") == 1 and labels(other_council).count("Ring ahead") == 1


def test_every_field_a_list_needs_is_asked_for(council, manager, precautions):
    with pytest.raises(ApplicationError, match="Enter the precaution") as refused:
        services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "   "})
    assert refused.value.field == "label"
    types = list_for("restriction-types")
    with pytest.raises(ApplicationError, match="Enter what the person checking is told"):
        services.list_item_add(actor=manager, council=council, spec=types, values={"label": "Email only"})
    with pytest.raises(ApplicationError, match="160 characters or fewer"):
        services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "x" * 161})


def test_a_behaviour_joins_one_of_the_groups_the_list_already_has(council, manager):
    categories = list_for("behaviour-categories")
    with pytest.raises(ApplicationError, match="Choose the group"):
        services.list_item_add(actor=manager, council=council, spec=categories, values={"label": "Blocking an exit", "group": "Made up"})
    item = services.list_item_add(actor=manager, council=council, spec=categories, values={"label": "Blocking an exit", "group": "Physical"})
    assert item.group == "Physical" and "Blocking an exit" in labels(council, BehaviourCategory)


def test_a_new_restriction_type_gets_a_code_of_its_own(council, manager):
    types = list_for("restriction-types")
    first = services.list_item_add(actor=manager, council=council, spec=types,
                                   values={"label": "Written only!", "rule_text": "Write to the named officer"})
    assert first.code == "written_only_2"  # the default "written_only" keeps its code
    assert RestrictionType.objects.filter(code="written_only_2").count() == 1


def test_renaming_changes_the_councils_own_wording_and_is_audited(council, manager, precautions):
    item = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahaed"})
    services.list_item_rename(actor=manager, council=council, spec=precautions, item=item, values={"label": "Ring ahead"})
    item.refresh_from_db()
    assert item.label == "Ring ahead"
    assert events("list_item.changed", item).get().data == {"list": "precautions", "label": "Ring ahead", "was": "Ring ahaed",
                                                            "changed": ["label"]}
    with pytest.raises(ApplicationError, match="already on the list"):
        services.list_item_rename(actor=manager, council=council, spec=precautions, item=item, values={"label": "No lone visits"})


def test_a_shared_default_cannot_be_renamed_by_a_council(council, manager, precautions):
    with pytest.raises(ApplicationError, match="defaults every council shares"):
        services.list_item_rename(actor=manager, council=council, spec=precautions, item=default("Visit in pairs"),
                                  values={"label": "Visit in threes"})
    assert default("Visit in pairs").label == "Visit in pairs"


def test_a_council_retiring_a_default_does_not_affect_another_council(council, other_council, manager, precautions):
    pairs = default("Visit in pairs")
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=pairs)
    assert "Visit in pairs" not in labels(council)
    assert "Visit in pairs" in labels(other_council)
    pairs.refresh_from_db()
    assert pairs.active  # the shared row itself is untouched
    assert events("list_item.retired", pairs).get().data == {"list": "precautions", "label": "Visit in pairs", "default": True}
    offered, retired = rows_for(spec=precautions, council=council)
    assert [row.item.label for row in retired] == ["Visit in pairs"]
    services.list_item_restore(actor=manager, council=council, spec=precautions, item=pairs)
    assert "Visit in pairs" in labels(council)
    assert events("list_item.restored", pairs).count() == 1


def test_retiring_and_restoring_the_councils_own_item(council, manager, precautions):
    item = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=item)
    item.refresh_from_db()
    assert not item.active and "Ring ahead" not in labels(council)
    with pytest.raises(ApplicationError, match="already retired"):
        services.list_item_retire(actor=manager, council=council, spec=precautions, item=item)
    services.list_item_restore(actor=manager, council=council, spec=precautions, item=item)
    assert "Ring ahead" in labels(council)
    with pytest.raises(ApplicationError, match="not retired"):
        services.list_item_restore(actor=manager, council=council, spec=precautions, item=item)


def test_moving_up_and_down_reorders_only_the_councils_list(council, other_council, manager, precautions):
    before = labels(council)
    mine = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    services.list_item_move(actor=manager, council=council, spec=precautions, item=mine, direction="up")
    assert labels(council) == [*before[:-1], "Ring ahead", before[-1]]
    services.list_item_move(actor=manager, council=council, spec=precautions, item=default(before[0]), direction="down")
    assert labels(council)[:2] == [before[1], before[0]]
    assert labels(other_council) == before
    assert events("list_item.moved", mine).get().data == {"list": "precautions", "label": "Ring ahead", "direction": "up",
                                                          "position": len(before)}


def test_the_first_item_cannot_move_up_nor_a_retired_one_at_all(council, manager, precautions):
    first = choices_for(model=Precaution, council=council).first()
    with pytest.raises(ApplicationError, match="already at the top"):
        services.list_item_move(actor=manager, council=council, spec=precautions, item=first, direction="up")
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=first)
    with pytest.raises(ApplicationError, match="restore it before moving it"):
        services.list_item_move(actor=manager, council=council, spec=precautions, item=first, direction="down")


def test_an_item_that_has_been_used_cannot_be_deleted(council, user_with_role, manager, precautions):
    item = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    marker = b.live_marker(council, user_with_role, precautions=[item])
    with pytest.raises(ApplicationError, match="has been used, so it cannot be deleted"):
        services.list_item_delete(actor=manager, council=council, spec=precautions, item=item)
    assert marker.precautions.filter(pk=item.pk).exists()
    assert not events("list_item.deleted", item).exists()


def test_a_behaviour_chosen_on_a_report_cannot_be_deleted(council, user_with_role, manager):
    categories = list_for("behaviour-categories")
    item = services.list_item_add(actor=manager, council=council, spec=categories, values={"label": "Blocking an exit", "group": "Physical"})
    b.incident(council, user_with_role(Role.STAFF)).categories.add(item)
    with pytest.raises(ApplicationError, match="has been used"):
        services.list_item_delete(actor=manager, council=council, spec=categories, item=item)


def test_an_item_never_used_can_be_deleted(council, manager, precautions):
    item = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    services.list_item_delete(actor=manager, council=council, spec=precautions, item=item)
    assert not Precaution.objects.filter(pk=item.pk).exists()
    assert events("list_item.deleted", item).get().data == {"list": "precautions", "label": "Ring ahead"}


def test_a_shared_default_is_never_deleted(council, manager, precautions):
    with pytest.raises(ApplicationError, match="cannot be deleted here"):
        services.list_item_delete(actor=manager, council=council, spec=precautions, item=default("Visit in pairs"))
    assert Precaution.objects.filter(council=None, label="Visit in pairs").exists()


def test_another_councils_item_cannot_be_changed(council, other_council, manager, other_manager, precautions):
    theirs = services.list_item_add(actor=other_manager, council=other_council, spec=precautions, values={"label": "Ring ahead"})
    for change in (services.list_item_retire, services.list_item_delete):
        with pytest.raises(ApplicationError, match="not on this council's list"):
            change(actor=manager, council=council, spec=precautions, item=theirs)
    with pytest.raises(ApplicationError, match="not on this council's list"):
        services.list_item_rename(actor=manager, council=council, spec=precautions, item=theirs, values={"label": "Mine now"})


def test_only_those_the_matrix_allows_change_a_list(council, user_with_role, precautions):
    officer = user_with_role(Role.REGISTER_OFFICER)
    with pytest.raises(PermissionDenied):
        services.list_item_add(actor=officer, council=council, spec=precautions, values={"label": "Ring ahead"})
    # Where flags are copied stays with those who run the Governance Group's business, register officers included.
    system = services.list_item_add(actor=officer, council=council, spec=list_for("external-systems"),
                                    values={"label": "Leisure centre bar", "owner": ""})
    assert system.owner == ""


def test_in_use_is_found_from_every_reference_to_the_list():
    assert {(m._meta.label, name) for m, name in references_to("register.Precaution")} == {
        ("register.Measure", "precautions"), ("register.MeasureVersion", "precautions")}
    assert ("incidents.Incident", "categories") in {(m._meta.label, name) for m, name in references_to("incidents.BehaviourCategory")}
    assert (ChecklistTask, "system") in references_to("governance.ExternalSystem")
    assert all(spec.model._meta.get_field("council").null for spec in LISTS)
