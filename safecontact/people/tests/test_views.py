from datetime import date

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.people.models import Address, Person


@pytest.fixture
def client(user_with_role, client_for):
    return client_for(user_with_role(Role.REGISTER_OFFICER))


def create(client, **fields):
    data = {"given_names": "Siân", "family_name": "O'Brien", "known_to_social_care": "not_checked", **fields}
    return client.post(reverse("people:person_create"), data)


def test_unknown_uprn_without_an_address_is_shown_beside_the_field_and_keeps_what_was_typed(client):
    response = create(client, uprn="100120009999", contact="07700 900123")
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body
    assert "No address has this UPRN: check it, or type the address and postcode" in body
    assert 'id="id_uprn_1_error"' in body  # beside the UPRN field, not only in the summary
    assert 'value="100120009999"' in body and 'value="O&#x27;Brien"' in body and 'value="07700 900123"' in body
    assert not Person.objects.exists() and not Address.objects.exists()


def test_a_uprn_that_is_not_digits_is_refused_beside_the_field(client):
    response = create(client, uprn="not-a-uprn", address_line="1 High Street")
    assert response.status_code == 200 and "Enter a UPRN of 1 to 12 digits" in response.content.decode()
    assert not Person.objects.exists()


def test_a_known_uprn_alone_links_the_gazetteer_address(client, council):
    address = Address.objects.create(council=council, uprn="100120001234", line1="12 Mill Lane", postcode="GL50 1PQ", from_gazetteer=True)
    response = create(client, uprn="100120001234")
    assert response.status_code == 302
    assert Person.objects.get().addresses.get().address == address


@pytest.mark.parametrize("typed, message", [
    ("31/12/9999", "Date of birth must be today or in the past"),
    ("31/12/1899", "Date of birth must be on or after 1 January 1900"),
])
def test_an_impossible_date_of_birth_is_refused_with_the_field_named(client, typed, message):
    day, month, year = typed.split("/")
    response = create(client, date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    body = response.content.decode()
    assert response.status_code == 200 and message in body and f'name="date_of_birth_2" value="{year}"' in body
    assert not Person.objects.exists()


def test_the_earliest_and_latest_dates_of_birth_are_accepted(client):
    assert create(client, date_of_birth="1/1/1900").status_code == 302
    assert create(client, date_of_birth=date.today().strftime("%d/%m/%Y"), family_name="Baby").status_code == 302
