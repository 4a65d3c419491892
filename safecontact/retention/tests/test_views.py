"""The DPO's pages: what is due, the log, periods, and legal holds placed and lifted with confirmation."""

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.cases.models import Case
from safecontact.register.tests import builders
from safecontact.retention.models import LegalHold, RetentionOverride


@pytest.fixture
def dpo_client(user_with_role, client_for):
    return client_for(user_with_role(Role.DPO))


def test_the_overview_shows_periods_due_counts_and_holds(dpo_client):
    response = dpo_client.get(reverse("retention:overview"))
    assert response.status_code == 200
    assert b"Due for disposal" in response.content and b"Ended register entries" in response.content


def test_the_dpo_changes_a_period(dpo_client, council):
    url = reverse("retention:period_edit", kwargs={"record_class": "check_log"})
    assert dpo_client.post(url, {"months": "30", "reason": "Too long"}).status_code == 200  # over the limit: shown again
    response = dpo_client.post(url, {"months": "6", "reason": "Six months is enough"})
    assert response.status_code == 302
    assert RetentionOverride.objects.get(council=council).months == 6


def test_a_fixed_class_has_no_period_page(dpo_client):
    assert dpo_client.get(reverse("retention:period_edit", kwargs={"record_class": "case"})).status_code == 404


def test_a_hold_is_placed_only_after_confirmation_and_lifted(dpo_client, council, user_with_role):
    person = builders.person(council)
    case = Case.objects.create(council=council, reference="CASE-2026-000042", person=person, owner=user_with_role(Role.REGISTER_OFFICER))
    url = reverse("retention:legal_hold_place")
    data = {"kind": "case", "reference": "case-2026-000042", "reason": "Subject access request"}
    response = dpo_client.post(url, data)
    assert response.status_code == 200 and b"Place the hold" in response.content and not LegalHold.objects.exists()
    assert dpo_client.post(url, {**data, "confirmed": "yes"}).status_code == 302
    hold = LegalHold.objects.get()
    assert hold.case == case and hold.is_active
    lift = reverse("retention:legal_hold_lift", kwargs={"id": hold.pk})
    assert dpo_client.post(lift, {"reason": "Request answered"}).status_code == 302
    hold.refresh_from_db()
    assert not hold.is_active


def test_an_unknown_reference_is_refused(dpo_client):
    response = dpo_client.post(reverse("retention:legal_hold_place"), {"kind": "person", "reference": "INC-1999-1", "reason": "x"})
    assert response.status_code == 200 and b"No record in this council" in response.content
