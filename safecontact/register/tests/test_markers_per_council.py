"""The one-live-marker rule is per council (penetration test, 2026): council A's address-only marker on a
property never blocks council B's marker on the same UPRN, nor tells B that A has one."""

import pytest
from django.db import IntegrityError, transaction

from safecontact.access.policy import Role
from safecontact.core.exceptions import ApplicationError
from safecontact.register import services
from safecontact.register.forms import MarkerForm
from safecontact.register.models import Measure, Precaution
from safecontact.register.tests import builders as b

UPRN = "100120009999"


def roles_in(user_with_role, council):
    """`user_with_role` for another council than the default one, as the builders call it."""
    return lambda role, **kwargs: user_with_role(role, for_council=council, **kwargs)


@pytest.fixture
def marker_a(council, user_with_role):
    dog_house = b.address(council, line1="3 Kennel Row", postcode="GL52 2AB", uprn=UPRN)
    return b.live_marker(council, user_with_role, premises=dog_house, risk_description="Dangerous dog kept at the property.")


def test_a_marker_on_a_uprn_in_one_council_does_not_block_another_councils(marker_a, other_council, user_with_role):
    their_house = b.address(other_council, line1="3 Kennel Row", postcode="GL52 2AB", uprn=UPRN)
    marker_b = b.live_marker(other_council, roles_in(user_with_role, other_council), premises=their_house)
    assert marker_b.status == Measure.Status.ACTIVE and marker_b.premises.council == other_council
    marker_a.refresh_from_db()
    assert marker_a.status == Measure.Status.ACTIVE and marker_a.premises_id != marker_b.premises_id


def test_the_database_keeps_one_live_marker_per_subject_per_council(marker_a, council, other_council, user_with_role):
    """Even with the very same subject key (as before addresses were split), only the same council collides."""
    their_house = b.address(other_council, line1="3 Kennel Row", postcode="GL52 2AB", uprn=UPRN)
    marker_b = b.live_marker(other_council, roles_in(user_with_role, other_council), premises=their_house)
    Measure.objects.filter(pk=marker_b.pk).update(subject_key=marker_a.subject_key)  # no error: another council
    second_a = b.live_marker(council, user_with_role, premises=b.address(council, line1="Kennel Row Yard", uprn="100120008888"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=second_a.pk).update(subject_key=marker_a.subject_key)


def test_the_same_council_still_has_one_live_marker_per_premises(marker_a, council, user_with_role):
    officer, approver = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    again = b.propose(actor=officer, council=council, originating_incident=b.incident(council, user_with_role(Role.STAFF)),
                                     premises=marker_a.premises, reasons="The dog again", marker=b.marker_details())
    with pytest.raises(ApplicationError, match="already a live safety marker"):
        services.measure_approve(actor=approver, measure=again)


def test_a_marker_cannot_be_put_on_another_councils_address(marker_a, other_council, user_with_role):
    officer = user_with_role(Role.REGISTER_OFFICER, for_council=other_council)
    incident = b.incident(other_council, user_with_role(Role.STAFF, for_council=other_council))
    with pytest.raises(ApplicationError, match="address of this council"):
        b.propose(actor=officer, council=other_council, originating_incident=incident, premises=marker_a.premises,
                                 reasons="Dog", marker=b.marker_details())


def test_the_premises_uprn_on_the_form_finds_only_this_councils_address(marker_a, other_council):
    form = MarkerForm(data={"premises_uprn": UPRN}, council=other_council)
    form.is_valid()
    assert form.errors["premises_uprn"] == ["No address has this UPRN. Check it, or import the gazetteer."]
    their_house = b.address(other_council, line1="3 Kennel Row", postcode="GL52 2AB", uprn=UPRN)
    form = MarkerForm(data={"premises_uprn": UPRN}, council=other_council)
    form.is_valid()
    assert "premises_uprn" not in form.errors and form.cleaned_data["premises_uprn"] == their_house


def test_the_marker_form_offers_the_defaults_and_this_councils_own_precautions_only(council, other_council):
    ours = Precaution.objects.create(council=council, label="Ring the estate office first")
    theirs = Precaution.objects.create(council=other_council, label="Meet at the Elsewhere depot only")
    offered = set(MarkerForm(council=council).fields["precautions"].queryset)  # type: ignore[attr-defined]
    assert ours in offered and theirs not in offered
    assert Precaution.objects.filter(council__isnull=True, active=True).count() == len(offered) - 1
