"""The appeal decision page: a "varied" outcome changes the entry's terms (issue 11 part 6, R57)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals import services
from safecontact.appeals.models import Appeal
from safecontact.letters import services as letters
from safecontact.letters.models import Event
from safecontact.letters.tests.factories import live_restriction
from safecontact.register.models import Measure, RestrictionType


@pytest.fixture
def assigned(council, user_with_role):
    measure, officer, _approver, _reporter = live_restriction(council, user_with_role)
    letter = letters.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    letter = letters.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    appeal = services.appeal_record(actor=officer, council=council, measure=measure, letter=letter, received_on=timezone.localdate(),
                                    channel="letter", grounds=["disproportionate"])
    appeals_officer = user_with_role(Role.APPEALS_OFFICER, full_name="Nia Thomas")
    services.appeal_assign(actor=user_with_role(Role.REGISTER_MANAGER), appeal=appeal, officer=appeals_officer)
    return appeal, appeals_officer


def current_terms(measure, **changes):
    terms = {"restriction_types": [str(t.pk) for t in measure.restriction_types.all()], "scope": measure.scope,
             "scope_justification": measure.scope_justification, "permitted_channels": measure.permitted_channels,
             "phone_limits": measure.phone_limits, "premises_excluded": measure.premises_excluded,
             "mandatory_services_route": measure.mandatory_services_route}
    return {**terms, **changes}


def test_the_decision_form_offers_the_restrictions_current_terms(assigned, client_for):
    appeal, officer = assigned
    page = client_for(officer).get(reverse("appeals:appeal_detail", kwargs={"id": appeal.pk})).content.decode()
    written = RestrictionType.objects.get(council__isnull=True, code="written_only")
    assert "If varied: the new terms" in page and "If varied: why the terms change" in page
    assert "checked" in page.split(f'value="{written.pk}"')[1].split(">")[0]
    assert appeal.measure.mandatory_services_route in page


def test_varying_on_appeal_changes_the_restriction_and_a_vary_of_nothing_is_refused(assigned, client_for):
    appeal, officer = assigned
    client, url = client_for(officer), reverse("appeals:appeal_decide", kwargs={"id": appeal.pk})
    decision = {"outcome": "varied", "reasons": "Writing only is too strict.", "changed_terms": "He may phone the named officer."}
    response = client.post(url, {**decision, **current_terms(appeal.measure)})
    body = response.content.decode()
    assert response.status_code == 200 and "Nothing was changed" in body and "He may phone the named officer." in body
    spoc = RestrictionType.objects.get(council__isnull=True, code="spoc")
    response = client.post(url, {**decision, **current_terms(appeal.measure, restriction_types=[str(spoc.pk)],
                                                            permitted_channels="Phone to the named officer")})
    assert response.status_code == 302
    measure = Measure.objects.get(pk=appeal.measure_id)
    assert [t.code for t in measure.restriction_types.all()] == ["spoc"] and measure.permitted_channels == "Phone to the named officer"
    assert Appeal.objects.get(pk=appeal.pk).outcome == "varied" and measure.versions.count() == 2
    page = client.get(reverse("register:measure_detail", kwargs={"id": measure.pk})).content.decode()
    newest = page.split("Versions of the terms")[1].split("Version 1: approved")[0]
    assert "Version 2: varied on appeal" in newest and "Nia Thomas" in newest and "Phone to the named officer" in newest
    assert f"on appeal {appeal.reference}" in newest and "Single point of contact (and deputy)" in newest
