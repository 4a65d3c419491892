"""Every picker in the service offers the council's list as the council keeps it: its own active items and the
defaults it has not retired, in its order; never another council's items; and a form that edits a record keeps
what the record already holds."""

from safecontact.access.policy import Role
from safecontact.governance.selectors import external_systems_for
from safecontact.incidents.selectors import behaviour_categories_for
from safecontact.lists import services
from safecontact.lists.registry import list_for
from safecontact.lists.selectors import choices_for
from safecontact.register.forms import InterimMarkerForm, MarkerForm, RestrictionForm
from safecontact.register.forms_terms import marker_term_fields
from safecontact.register.models import Precaution, RestrictionType
from safecontact.register.tests import builders as b


def offered(field):
    return list(field.queryset.values_list("label", flat=True))


def test_register_forms_offer_only_what_the_council_has_not_retired(council, other_council, manager, other_manager, precautions):
    pairs = Precaution.objects.get(council=None, label="Visit in pairs")
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=pairs)
    mine = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    services.list_item_move(actor=manager, council=council, spec=precautions, item=mine, direction="up")
    services.list_item_add(actor=other_manager, council=other_council, spec=precautions, values={"label": "Theirs"})
    for form in (MarkerForm(council=council), InterimMarkerForm(council=council)):
        labels = offered(form.fields["precautions"])
        assert "Visit in pairs" not in labels and "Theirs" not in labels
        assert labels[-2] == "Ring ahead"  # in the council's order
    assert "Visit in pairs" in offered(MarkerForm(council=other_council).fields["precautions"])


def test_the_restriction_form_leaves_out_retired_restriction_types(council, manager):
    types = list_for("restriction-types")
    written = RestrictionType.objects.get(council=None, code="written_only")
    services.list_item_retire(actor=manager, council=council, spec=types, item=written)
    assert written.label not in offered(RestrictionForm(council=council).fields["restriction_types"])


def test_varying_an_entry_keeps_a_precaution_retired_since_it_was_chosen(council, user_with_role, manager, precautions):
    marker = b.live_marker(council, user_with_role)
    held = marker.precautions.first()
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=held)
    labels = offered(marker_term_fields(marker)["precautions"])
    assert held.label in labels
    other = Precaution.objects.filter(council=None).exclude(pk__in=marker.precautions.all()).first()
    services.list_item_retire(actor=manager, council=council, spec=precautions, item=other)
    assert other.label not in offered(marker_term_fields(marker)["precautions"])


def test_reporters_are_offered_only_behaviours_the_council_has_not_retired(council, other_council, manager, user_with_role):
    categories = list_for("behaviour-categories")
    spitting = behaviour_categories_for(council=council).get(label="Spitting")
    services.list_item_retire(actor=manager, council=council, spec=categories, item=spitting)
    assert not behaviour_categories_for(council=council).filter(pk=spitting.pk).exists()
    assert behaviour_categories_for(council=other_council).filter(pk=spitting.pk).exists()
    draft = b.incident(council, user_with_role(Role.STAFF))
    draft.categories.add(spitting)
    assert behaviour_categories_for(council=council, keep=draft.categories.all()).filter(pk=spitting.pk).exists()


def test_an_ended_entrys_checklist_leaves_out_systems_the_council_retired(council, user_with_role):
    officer = user_with_role(Role.REGISTER_OFFICER)
    crm = external_systems_for(council=council).get(label="CRM customer marker")
    services.list_item_retire(actor=officer, council=council, spec=list_for("external-systems"), item=crm)
    assert "CRM customer marker" not in external_systems_for(council=council).values_list("label", flat=True)


def test_a_default_withdrawn_for_everyone_is_not_offered(council):
    Precaution.objects.filter(council=None, label="Police escort").update(active=False)
    assert not choices_for(model=Precaution, council=council).filter(label="Police escort").exists()
