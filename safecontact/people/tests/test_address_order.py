"""Addresses listed in natural order (1, 3, 11 High Street) and once per property (issue 14, item 10): the check's
address look-up and a person's addresses over time, on SQLite and PostgreSQL alike (the order is made in Python)."""

from datetime import date
from types import SimpleNamespace

from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.checks.selectors import addresses_at
from safecontact.people.addresses import address_history, addresses_in_order, natural_key
from safecontact.people.models import Address, PersonAddress
from safecontact.people.tests.factories import PersonFactory


def _row(line1, line2="", uprn="", gazetteer=False):
    return SimpleNamespace(line1=line1, line2=line2, uprn=uprn, from_gazetteer=gazetteer, town="", postcode="GL50 1PQ")


def test_numbers_sort_as_numbers():
    assert sorted(["11", "3", "1", "2b", "2a"], key=natural_key) == ["1", "2a", "2b", "3", "11"]
    rows = [_row("11 High Street"), _row("3 High Street"), _row("1 High Street"), _row("Flat 10, 3 High Street"),
            _row("Flat 9, 3 High Street"), _row("Flat 2", "14 Mill Lane"), _row("12 Mill Lane"), _row("Rose Cottage")]
    assert [(r.line1, r.line2) for r in addresses_in_order(rows)] == [
        ("1 High Street", ""), ("3 High Street", ""), ("Flat 9, 3 High Street", ""), ("Flat 10, 3 High Street", ""),
        ("11 High Street", ""), ("12 Mill Lane", ""), ("Flat 2", "14 Mill Lane"), ("Rose Cottage", "")]


def test_a_typed_copy_of_a_gazetteer_address_is_listed_once_and_the_gazetteer_row_is_kept():
    gazetteer = _row("3 High Street", uprn="100120000003", gazetteer=True)
    typed = _row("3  High Street.")
    other = _row("5 High Street")
    assert addresses_in_order([typed, other, gazetteer]) == [gazetteer, other]


def test_the_look_up_lists_each_property_once_in_natural_order(council, user_with_role, client_for):
    for number in (11, 3, 1):
        Address.objects.create(council=council, line1=f"{number} High Street", postcode="GL50 1PQ",
                               uprn=f"1001200000{number:02d}", from_gazetteer=True)
    Address.objects.create(council=council, line1="3 High street", postcode="GL50 1PQ")  # typed by an officer
    assert [a.line1 for a in addresses_at(council=council, postcode="GL50 1PQ")] == [
        "1 High Street", "3 High Street", "11 High Street"]
    client = client_for(user_with_role(Role.STAFF))
    page = client.post(reverse("checks:address_lookup"), {"postcode": "GL50 1PQ"}).content.decode()
    assert "3 addresses at GL50 1PQ" in page and page.index("1 High Street") < page.index("3 High Street") < page.index("11 High")
    rows = client.post(reverse("checks:address_lookup"), {"postcode": "GL50 1PQ", "format": "json"}).json()
    assert [r["line1"] for r in rows] == ["1 High Street", "3 High Street", "11 High Street"]


def test_a_persons_typed_address_and_the_gazetteer_one_show_once(council, user_with_role, client_for):
    person = PersonFactory(council=council)
    gazetteer = Address.objects.create(council=council, line1="3 High Street", postcode="GL50 1PQ", uprn="100120000003",
                                       from_gazetteer=True)
    typed = Address.objects.create(council=council, line1="3 High Street", postcode="GL50 1PQ")
    earlier = Address.objects.create(council=council, line1="9 Low Road", postcode="GL50 2AA")
    PersonAddress.objects.create(person=person, address=typed, from_date=date(2020, 1, 1), is_correspondence=True)
    PersonAddress.objects.create(person=person, address=gazetteer, from_date=date(2021, 5, 1), verified_on=date(2024, 1, 2))
    PersonAddress.objects.create(person=person, address=earlier, from_date=date(2015, 1, 1), to_date=date(2019, 12, 31))
    history = address_history(person.addresses.select_related("address"))
    assert [(p.address, p.from_date, p.to_date, p.is_correspondence) for p in history] == [
        (gazetteer, date(2020, 1, 1), None, True), (earlier, date(2015, 1, 1), date(2019, 12, 31), False)]
    page = client_for(user_with_role(Role.REGISTER_OFFICER)).get(reverse("people:person_detail", kwargs={"id": person.pk}))
    assert page.content.decode().count("3 High Street") == 1


def test_living_at_one_address_twice_years_apart_stays_two_lines():
    home = _row("3 High Street", uprn="100120000003", gazetteer=True)
    links = [SimpleNamespace(address=home, from_date=date(2010, 1, 1), to_date=date(2012, 1, 1), is_correspondence=False,
                             verified_on=None),
             SimpleNamespace(address=home, from_date=date(2020, 1, 1), to_date=None, is_correspondence=True, verified_on=None)]
    assert [p.from_date.year for p in address_history(links)] == [2020, 2010]
