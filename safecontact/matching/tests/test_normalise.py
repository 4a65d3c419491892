import pytest

from safecontact.matching.normalise import (
    address_tokens,
    family_forms,
    find_postcode,
    name_suffix,
    name_tokens,
    normalise_name,
    normalise_postcode,
    normalise_uprn,
    parse_full_name,
    postcode_district,
    postcode_sector,
    split_name,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("JOHN SMITH", "john smith"),
        ("  John   Smith ", "john smith"),
        ("Siân", "sian"),
        ("Łukasz Żółć", "lukasz zolc"),
        ("Zoë", "zoe"),
        ("Bjørn", "bjorn"),
        ("José", "jose"),
        ("Ægir Große", "aegir grosse"),
        ("O'Brien", "obrien"),
        ("O’Brien", "obrien"),
        ("D'Arcy", "darcy"),
        ("McDonald", "macdonald"),
        ("Mc Donald", "macdonald"),
        ("MacDonald", "macdonald"),
        ("Ní Dhónaill", "odonaill"),
        ("Orla Ni Dhonaill", "orla odonaill"),
        ("Ni Dhonaill Orla", "ni dhonaill orla"),
        ("Ó Dónaill", "odonaill"),
        ("Uí Bhriain", "obriain"),
        ("Sorcha Nic Dhonnchadha", "sorcha macdonnchadha"),
        ("Nic Thomas", "nic thomas"),
        ("Nic Hall", "nic hall"),
        ("Ni Wei", "ni wei"),
        ("Nic Moore", "nic moore"),
        ("Smith-Jones", "smith jones"),
        ("Mr John Smith Jr.", "john smith"),
        ("Dr. Jane Doe III", "jane doe"),
        ("Lord", "lord"),
        ("Sir John Lord", "john lord"),
        ("Dafydd ap Gruffydd", "dafydd ap gruffydd"),
        ("John Smith 2", "john smith"),
        ("", ""),
    ],
)
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


def test_suffix_is_returned_separately():
    assert name_suffix("John Smith Jnr") == "jr"
    assert name_suffix("John Smith Senior") == "sr"
    assert name_suffix("Robert Evans II") == "ii"
    assert name_suffix("John Smith") is None
    assert split_name("John", "Smith Snr").suffix == "sr"


def test_surname_fields_allow_a_leading_irish_prefix():
    assert split_name("Sorcha", "Nic Dhonnchadha").family == ("macdonnchadha",)
    assert split_name("Orla", "Ni Dhonaill").family == ("odonaill",)
    assert split_name("Tom", "Hughes Senior") == split_name("Tom", "Hughes Snr")
    assert split_name("Tom", "Junior").family == ("junior",)
    assert normalise_name("William Junior") == "william junior"


def test_name_tokens_and_split():
    assert name_tokens("Anne-Marie O'Neill") == ["anne", "marie", "oneill"]
    assert split_name("Mary Anne", "Smith-Jones").given == ("mary", "anne")
    assert split_name("Mary Anne", "Smith-Jones").family == ("smith", "jones")
    assert parse_full_name("Smith, John").family == ("smith",)
    assert parse_full_name("Smith, John").given == ("john",)
    assert parse_full_name("Pieter van der Berg").family == ("van", "der", "berg")
    assert parse_full_name("Rhodri ap Rhys").family == ("ap", "rhys")
    assert parse_full_name("Smith").given == ()


def test_family_forms_double_barrelled_and_particles():
    assert family_forms(("smith", "jones")) == {"smithjones", "smith", "jones"}
    assert family_forms(("ap", "rhys")) == {"aprhys", "rhys"}
    assert "berg" in family_forms(("van", "der", "berg"))
    assert family_forms(()) == set()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        (" cf10  1aa ", "CF10 1AA"),
        ("CF10-1AA", "CF10 1AA"),
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("M1 1AE", "M1 1AE"),
        ("B33 8TH", "B33 8TH"),
        ("GIR 0AA", "GIR 0AA"),
        ("CF10 OAA", "CF10 0AA"),
        ("CF10 1A", None),
        ("XX1 1AA", None),
        ("CF10 1CA", None),
        ("12345", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_postcode(raw, expected):
    assert normalise_postcode(raw) == expected


def test_postcode_parts_and_find():
    assert postcode_sector("cf101aa") == "CF10 1"
    assert postcode_district("cf101aa") == "CF10"
    assert postcode_sector("nonsense") is None
    assert find_postcode("12 High Street, Cardiff, cf10 1aa") == "CF10 1AA"
    assert find_postcode("12 High Street") is None


def test_address_tokens():
    assert address_tokens("Flat 3, 12a High Street, Cardiff CF10 1AA") == {"flat3", "12a", "high", "st", "cardiff"}
    assert address_tokens("12 A High St") == {"12a", "high", "st"}
    assert address_tokens("12 High Road") == address_tokens("12 high rd")
    assert address_tokens("Apartment 03, 7 Victoria Avenue") == {"flat3", "7", "victoria", "ave"}
    assert "cf10" not in address_tokens("12 High Street CF10 1AA")
    assert address_tokens("") == set()


def test_normalise_uprn():
    assert normalise_uprn("100023336956") == "100023336956"
    assert normalise_uprn("0100 0233 36956") == "100023336956"
    assert normalise_uprn(100023336956) == "100023336956"
    assert normalise_uprn("UPRN: 10002") == "10002"
    assert normalise_uprn("1234567890123") is None
    assert normalise_uprn("none") is None
    assert normalise_uprn(None) is None
