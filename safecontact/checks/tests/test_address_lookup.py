import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.people.models import Address

URL = reverse("checks:address_lookup")


@pytest.fixture
def addresses(council):
    Address.objects.create(council=council, line1="12 Mill Lane", town="Cheltenham", postcode="GL50 1PQ", uprn="100120001234", from_gazetteer=True)
    Address.objects.create(council=council, line1="Flat 2", line2="14 Mill Lane", town="Cheltenham", postcode="GL50 1PQ", uprn="100120001235")
    Address.objects.create(council=council, line1="1 Other Road", town="Cheltenham", postcode="GL50 2AA", uprn="100120009999")


def test_json_lists_only_the_addresses_at_a_valid_postcode(addresses, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    response = client.post(URL, {"postcode": "gl501pq", "format": "json"})
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response.json() == [
        {"uprn": "100120001234", "line1": "12 Mill Lane", "line2": "", "town": "Cheltenham", "postcode": "GL50 1PQ"},
        {"uprn": "100120001235", "line1": "Flat 2", "line2": "14 Mill Lane", "town": "Cheltenham", "postcode": "GL50 1PQ"},
    ]


def test_json_refuses_something_that_is_not_a_postcode(addresses, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    for typed in ("GL50", "", "%"):
        response = client.post(URL, {"postcode": typed, "format": "json"})
        assert response.status_code == 400 and response.json() == []


def test_json_is_access_checked(addresses, user_with_role, client_for, client):
    assert client.post(URL, {"postcode": "GL50 1PQ", "format": "json"}).status_code == 302
    response = client_for(user_with_role(Role.DPO)).post(URL, {"postcode": "GL50 1PQ", "format": "json"})
    assert response.status_code == 403


def test_html_page_still_works_without_javascript(addresses, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    response = client.post(URL, {"postcode": "GL50 1PQ"})
    assert response.status_code == 200 and b"2 addresses at GL50 1PQ" in response.content
    # Each address links back to the check by its id alone, and the check form comes back filled in.
    flat = Address.objects.get(uprn="100120001235")
    assert f'href="{reverse("checks:start")}?address_id={flat.pk}"' in response.content.decode()
    form = client.get(reverse("checks:start"), {"address_id": str(flat.pk)}).content.decode()
    assert 'value="Flat 2, 14 Mill Lane"' in form and 'value="GL50 1PQ"' in form and 'value="100120001235"' in form


def test_a_postcode_in_the_url_is_ignored(addresses, user_with_role, client_for):
    response = client_for(user_with_role(Role.STAFF)).get(URL, {"postcode": "GL50 1PQ"})
    assert response.status_code == 200 and b"addresses at" not in response.content


def test_an_unknown_or_malformed_address_id_leaves_the_check_form_empty(addresses, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    for address_id in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = client.get(reverse("checks:start"), {"address_id": address_id})
        assert response.status_code == 200 and "GL50" not in response.content.decode()


def test_check_page_loads_the_enhancement_as_a_module_without_inline_script(user_with_role, client_for):
    content = client_for(user_with_role(Role.STAFF)).get(reverse("checks:start")).content.decode()
    assert '<script type="module" src="/static/js/address-autocomplete.mjs"></script>' in content
    assert "data-address-autocomplete" in content and "data-address-lookup" in content
