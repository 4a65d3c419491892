"""A date of birth in the future or before 1900 is refused by the check form, the API and the service."""

from datetime import date

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.checks.services_api import api_client_create
from safecontact.core.exceptions import ApplicationError

IMPOSSIBLE = [("31/12/9999", "9999-12-31", "Date of birth must be today or in the past"),
              ("31/12/1899", "1899-12-31", "Date of birth must be on or after 1 January 1900")]


@pytest.mark.parametrize("typed, _iso, message", IMPOSSIBLE)
def test_check_form_refuses_an_impossible_date_of_birth_beside_the_field(user_with_role, client_for, typed, _iso, message):
    client = client_for(user_with_role(Role.STAFF))
    day, month, year = typed.split("/")
    response = client.post(reverse("checks:start"), {"name": "Bill Harrington", "date_of_birth_0": day, "date_of_birth_1": month,
                                                     "date_of_birth_2": year, "purpose": "home_visit"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body and message in body
    assert 'id="id_date_of_birth_1_error"' in body and 'href="#id_date_of_birth_0"' in body
    assert f'name="date_of_birth_0" value="{day}"' in body and f'name="date_of_birth_2" value="{year}"' in body
    assert not Check.objects.exists()


@pytest.mark.parametrize("_typed, iso, message", IMPOSSIBLE)
def test_check_api_refuses_an_impossible_date_of_birth_as_problem_json_naming_the_field(client, council, _typed, iso, message):
    token = api_client_create(name="Housing CRM", council=council, organisation=council)[1]
    response = client.post("/api/v1/checks", {"purpose": "home_visit", "requested_by": "Sam Patel", "name": "Bill Harrington",
                                              "date_of_birth": iso}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {"date_of_birth": [message]}
    assert not Check.objects.exists()


def test_check_service_refuses_an_impossible_date_of_birth_on_the_field(user_with_role, council):
    with pytest.raises(ApplicationError, match="Date of birth must be today or in the past") as raised:
        check_run(actor=user_with_role(Role.STAFF), council=council,
                  query=CheckQuery(purpose="home_visit", name="Bill Harrington", date_of_birth=date(9999, 12, 31)))
    assert raised.value.field == "date_of_birth"
