"""A date of birth in the future or before 1900 is refused by the report form, the API and the service."""

from datetime import date

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents import services
from safecontact.incidents.models import Incident
from safecontact.incidents.tests.test_apis import payload

IMPOSSIBLE = [("31/12/9999", "9999-12-31", "Date of birth must be today or in the past"),
              ("31/12/1899", "1899-12-31", "Date of birth must be on or after 1 January 1900")]


@pytest.mark.parametrize("typed, _iso, message", IMPOSSIBLE)
def test_report_form_refuses_an_impossible_date_of_birth_beside_the_field(user_with_role, client_for, typed, _iso, message):
    client = client_for(user_with_role(Role.STAFF))
    incident = Incident.objects.get(pk=client.post(reverse("incidents:report_start"))["Location"].split("/")[3])
    url = reverse("incidents:report_section", kwargs={"id": incident.pk, "section": "the-person"})
    day, month, year = typed.split("/")
    response = client.post(url, {"subject_given_names": "Siân", "subject_family_name": "Jones", "subject_date_of_birth_0": day,
                                 "subject_date_of_birth_1": month, "subject_date_of_birth_2": year,
                                 "identity_confirmation": "id_seen", "action": "continue"})
    body = response.content.decode()
    assert response.status_code == 200 and message in body
    assert f'name="subject_date_of_birth_1" value="{month}"' in body and f'name="subject_date_of_birth_2" value="{year}"' in body
    assert 'id="id_subject_date_of_birth_1_error"' in body
    incident.refresh_from_db()
    assert incident.subject_date_of_birth is None


@pytest.mark.parametrize("_typed, iso, message", IMPOSSIBLE)
def test_incident_api_refuses_an_impossible_date_of_birth_as_problem_json_naming_the_field(user_with_role, client_for, _typed, iso,
                                                                                          message):
    response = client_for(user_with_role(Role.STAFF)).post(reverse("api:incident_create"), payload(subject_date_of_birth=iso),
                                                            content_type="application/json")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {"subject_date_of_birth": [message]}
    assert not Incident.objects.exclude(status="draft").exists()


def test_incident_service_refuses_an_impossible_date_of_birth_on_the_field(user_with_role, council):
    staff = user_with_role(Role.STAFF)
    incident = services.incident_draft_create(actor=staff, council=council)
    with pytest.raises(ApplicationError, match="on or after 1 January 1900") as raised:
        services.incident_draft_save(actor=staff, council=council, incident=incident, section="the-person",
                                     changes={"subject_date_of_birth": date(1850, 1, 1)})
    assert raised.value.field == "subject_date_of_birth"
