"""Councils share no addresses (penetration test, 2026): a check or a postcode look-up in one council never shows
another council's addresses, nor its address-only markers."""

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.register.tests import builders as b

UPRN = "100120009999"
LOOKUP = reverse("checks:address_lookup")


def run(actor, council, **fields):
    return check_run(actor=actor, council=council, query=CheckQuery(purpose="home_visit", **fields))


def roles_in(user_with_role, council):
    return lambda role, **kwargs: user_with_role(role, for_council=council, **kwargs)


@pytest.fixture
def marker_a(council, user_with_role):
    dog_house = b.address(council, line1="3 Kennel Row", postcode="GL52 2AB", uprn=UPRN)
    return b.live_marker(council, user_with_role, premises=dog_house, risk_description="Dangerous dog kept at the property.")


def test_an_address_only_marker_in_one_council_is_not_revealed_to_another(marker_a, other_council, user_with_role):
    staff_b = user_with_role(Role.STAFF, for_council=other_council)
    for query in ({"uprn": UPRN}, {"address": "3 Kennel Row", "postcode": "GL52 2AB"}):
        result = run(staff_b, other_council, **query)
        assert result.outcome == Check.Outcome.NO_ENTRY and not result.check.measures.exists()
    their_house = b.address(other_council, line1="3 Kennel Row", postcode="GL52 2AB", uprn=UPRN)
    marker_b = b.live_marker(other_council, roles_in(user_with_role, other_council), premises=their_house)
    result = run(staff_b, other_council, uprn=UPRN)
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY and set(result.check.measures.all()) == {marker_b}
    assert set(run(user_with_role(Role.STAFF), marker_a.council, uprn=UPRN).check.measures.all()) == {marker_a}


def test_the_postcode_look_up_shows_only_this_councils_addresses(council, other_council, user_with_role, client_for):
    b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")  # typed in council A
    b.address(council, line1="Flat 2, as council A typed it", postcode="GL50 1PQ")
    client_b = client_for(user_with_role(Role.STAFF, for_council=other_council))
    response = client_b.post(LOOKUP, {"postcode": "GL50 1PQ", "format": "json"})
    assert response.status_code == 200 and response.json() == []
    b.address(other_council, line1="12 Mill Lane (B)", postcode="GL50 1PQ", uprn="100120001234")
    response = client_b.post(LOOKUP, {"postcode": "GL50 1PQ", "format": "json"})
    assert [row["line1"] for row in response.json()] == ["12 Mill Lane (B)"]
    assert "as council A typed it" not in client_b.post(LOOKUP, {"postcode": "GL50 1PQ"}).content.decode()


def test_another_councils_address_id_leaves_the_check_form_empty(council, other_council, user_with_role, client_for):
    theirs = b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    client_b = client_for(user_with_role(Role.STAFF, for_council=other_council))
    form = client_b.get(reverse("checks:start"), {"address_id": str(theirs.pk)}).content.decode()
    assert "Mill Lane" not in form and "GL50 1PQ" not in form and "100120001234" not in form
