"""The DPO's disclosure log, its download, an agreement's page and the who-could-see page."""

import pytest

from safecontact.access.policy import Role
from safecontact.accounts.models import DataSharingAgreement
from safecontact.audit.models import AuditEvent
from safecontact.checks.services import CheckQuery, check_run
from safecontact.disclosures.tests.conftest import QUERY


@pytest.fixture
def signed_in(client_for):
    return client_for


@pytest.fixture
def disclosed(council, user_with_role, marker):
    partner = user_with_role(Role.PARTNER, full_name="Pat Partner")
    marker.shared_with.add(partner.organisation)
    check_run(actor=partner, council=council, query=CheckQuery(purpose="home_visit", **QUERY))
    return DataSharingAgreement.objects.get(council=council, organisation=partner.organisation)


def test_dpo_reads_the_log_filtered_by_agreement_and_the_reading_is_audited(signed_in, council, user_with_role, marker, disclosed):
    dpo = user_with_role(Role.DPO)
    response = signed_in(dpo).get("/disclosures/", {"agreement": str(disclosed.pk)})
    assert response.status_code == 200
    body = response.content.decode()
    assert marker.reference in body and "Pat Partner" in body and "Answer to a check" in body and "Precautions" in body
    assert AuditEvent.objects.filter(event_type="access.listed", actor_id=dpo.pk, data__list="disclosures").exists()


def test_the_log_keeps_the_filters_typed_and_explains_a_wrong_date(signed_in, council, user_with_role, disclosed):
    response = signed_in(user_with_role(Role.DPO)).get("/disclosures/", {"since_0": "31", "since_1": "2", "since_2": "2026"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and 'value="31"' in body


def test_download_is_formula_safe_and_audited(signed_in, council, user_with_role, marker, disclosed):
    dpo = user_with_role(Role.DPO)
    response = signed_in(dpo).get("/disclosures/download.csv", {"organisation": str(disclosed.organisation_id)})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("When,How,Recipient") and marker.reference in text
    event = AuditEvent.objects.get(event_type="disclosure.log_exported")
    assert event.data["rows"] == 1 and event.data["organisation_id"] == str(disclosed.organisation_id)


def test_register_manager_sees_what_an_agreement_allows_and_what_went_under_it(signed_in, council, user_with_role, marker, disclosed):
    manager = user_with_role(Role.REGISTER_MANAGER)
    response = signed_in(manager).get(f"/disclosures/agreements/{disclosed.pk}/")
    body = response.content.decode()
    assert response.status_code == 200 and "What it allows" in body and disclosed.what_may_be_shared in body
    assert marker.reference in body and "Every disclosure under this agreement" not in body  # the log is the DPO's
    assert signed_in(manager).get("/disclosures/").status_code == 403


def test_another_councils_agreement_is_not_found(signed_in, council, other_council, user_with_role, disclosed):
    elsewhere = user_with_role(Role.DPO, for_council=other_council)
    client = signed_in(elsewhere)  # their only council is the other one
    assert client.get(f"/disclosures/agreements/{disclosed.pk}/").status_code == 404


def test_who_could_see_is_linked_from_the_entry_for_the_dpo_and_lists_the_partner(signed_in, council, user_with_role, marker, disclosed):
    dpo = user_with_role(Role.DPO)
    client = signed_in(dpo)
    url = f"/disclosures/entries/{marker.pk}/who-could-see/"
    assert url in client.get(f"/register/{marker.pk}/").content.decode()
    body = client.get(url).content.decode()
    assert "Pat Partner" in body and "Shared under the agreement" in body and "Answer to a check" in body
    assert AuditEvent.objects.filter(event_type="access.viewed", actor_id=dpo.pk, subject_id=str(marker.pk)).count() == 2


def test_who_could_see_is_not_linked_for_a_register_officer(signed_in, council, user_with_role, marker):
    client = signed_in(user_with_role(Role.REGISTER_OFFICER))
    assert "who-could-see" not in client.get(f"/register/{marker.pk}/").content.decode()
    assert client.get(f"/disclosures/entries/{marker.pk}/who-could-see/").status_code == 403
