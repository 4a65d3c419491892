"""Councils share no addresses (penetration test, 2026): one council's typed text, gazetteer and UPRNs never
reach another's records, and nothing another council does changes ours."""

import io

import pytest

from safecontact.access.policy import Role
from safecontact.core.exceptions import ApplicationError
from safecontact.people import selectors, services
from safecontact.people.gazetteer import gazetteer_import
from safecontact.people.models import Address

UPRN = "100120001234"
GAZETTEER = (
    "UPRN,Address Line 1,Address Line 2,Town,Postcode\n"
    f"{UPRN},12 Mill Lane,,Cheltenham,GL50 1PQ\n"
    "100120001235,Flat 2,14 Mill Lane,Cheltenham,GL50 1PQ\n"
)


@pytest.fixture
def officer_a(user_with_role, council):
    return user_with_role(Role.REGISTER_OFFICER, for_council=council)


@pytest.fixture
def officer_b(user_with_role, other_council):
    return user_with_role(Role.REGISTER_OFFICER, for_council=other_council)


def home_of(person):
    return person.addresses.get().address


def test_another_councils_typed_text_for_a_uprn_never_changes_ours(council, other_council, officer_a, officer_b):
    ours = services.person_create(actor=officer_a, council=council, given_names="Ann", family_name="Able",
                                  address_line="12 Mill Lane", postcode="GL50 1PQ", uprn=UPRN)
    theirs = services.person_create(actor=officer_b, council=other_council, given_names="Bea", family_name="Baker",
                                    address_line="Flat 12, Mill Lane House", postcode="GL50 1PQ", uprn=UPRN)
    assert home_of(ours).pk != home_of(theirs).pk
    assert (home_of(ours).council, home_of(ours).line1) == (council, "12 Mill Lane")
    # The first council to type a UPRN no longer decides its text for everyone: theirs is as they typed it.
    assert (home_of(theirs).council, home_of(theirs).line1) == (other_council, "Flat 12, Mill Lane House")
    services.person_address_add(actor=officer_b, council=other_council, person=theirs, line1="Flat 12A, Mill Lane House",
                                postcode="GL50 1PQ", uprn=UPRN)
    assert Address.objects.get(council=council, uprn=UPRN).line1 == "12 Mill Lane"
    assert Address.objects.filter(uprn=UPRN).count() == 2


def test_within_one_council_a_uprn_is_still_one_address(council, officer_a):
    first = services.person_create(actor=officer_a, council=council, given_names="Ann", family_name="Able",
                                   address_line="12 Mill Lane", postcode="GL50 1PQ", uprn=UPRN)
    second = services.person_create(actor=officer_a, council=council, given_names="Al", family_name="Able",
                                    address_line="12, Mill Lane", postcode="GL50 1PQ", uprn=UPRN)
    assert home_of(first).pk == home_of(second).pk


def test_a_uprn_only_another_council_holds_is_unknown_here(council, other_council, officer_a, officer_b):
    services.person_create(actor=officer_a, council=council, given_names="Ann", family_name="Able",
                           address_line="12 Mill Lane", postcode="GL50 1PQ", uprn=UPRN)
    assert selectors.address_for_uprn(council=other_council, uprn=UPRN) is None
    with pytest.raises(ApplicationError, match="No address has this UPRN"):
        services.person_create(actor=officer_b, council=other_council, given_names="Bea", family_name="Baker", uprn=UPRN)


def test_the_gazetteer_import_of_one_council_never_touches_anothers_addresses(council, other_council, officer_a):
    gazetteer_import(actor=None, council=council, path_or_file=io.StringIO(GAZETTEER))
    typed = services.person_create(actor=officer_a, council=council, given_names="Ann", family_name="Able",
                                   address_line="99 Somewhere", postcode="GL50 1PQ", uprn="100120005555")
    before = sorted(Address.objects.filter(council=council).values_list("pk", "uprn", "line1", "line2", "from_gazetteer", "updated_at"))
    theirs = GAZETTEER.replace("12 Mill Lane", "12A Mill Lane") + "100120005555,99 Somewhere Road,,Cheltenham,GL50 1PQ\n"
    report = gazetteer_import(actor=None, council=other_council, path_or_file=io.StringIO(theirs))
    # Every row is new to the other council, even the UPRNs we hold: it made its own, and changed none of ours.
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert sorted(Address.objects.filter(council=council).values_list("pk", "uprn", "line1", "line2", "from_gazetteer", "updated_at")) == before
    assert home_of(typed).line1 == "99 Somewhere" and not home_of(typed).from_gazetteer
    assert Address.objects.get(council=other_council, uprn=UPRN).line1 == "12A Mill Lane"
    again = gazetteer_import(actor=None, council=council, path_or_file=io.StringIO(GAZETTEER))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_gazetteer_belongs_to_a_council(council):
    from safecontact.core.tests.factories import OrganisationFactory

    partner = OrganisationFactory(name="Housing Partner", slug="partner", kind="partner")
    with pytest.raises(ApplicationError, match="not a council"):
        gazetteer_import(actor=None, council=partner, path_or_file=io.StringIO(GAZETTEER))
    assert not Address.objects.exists()
