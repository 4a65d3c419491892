"""Phone and email normalisation (issue 15): only exact equality after normalisation is evidence."""

import pytest

from safecontact.matching.contact import contact_agreement, normalise_email, normalise_phone
from safecontact.matching.keys import candidate_keys, keys_for_query
from safecontact.matching.records import Candidate, Query


@pytest.mark.parametrize(("typed", "expected"), [
    ("07700 900123", "+447700900123"), ("+44 (0)7700 900123", "+447700900123"), ("0044 7700 900123", "+447700900123"),
    ("447700900123", "+447700900123"), ("(029) 2087-1234", "+442920871234"), ("+1 415 555 0100", "+14155550100"),
    ("12345", None), ("", None), (None, None), ("call me", None),
])
def test_phone_numbers_become_e164(typed, expected):
    assert normalise_phone(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    (" John.Smith@Example.COM ", "john.smith@example.com"), ("mailto:a@b.org", "a@b.org"), ("not an email", None), ("", None),
])
def test_email_addresses_are_trimmed_and_lower_cased(typed, expected):
    assert normalise_email(typed) == expected


def test_agreement_is_exact_after_normalisation():
    assert contact_agreement("07700 900123", None, ["+44 7700 900123"], []) == "same phone number"
    assert contact_agreement(None, "A@B.org", [], ["a@b.org"]) == "same email address"
    assert contact_agreement("07700 900124", "c@b.org", ["+44 7700 900123"], ["a@b.org"]) == ""


@pytest.mark.parametrize(("recorded", "typed"), [("Christie", "Kristie"), ("Shaw", "Schaw"), ("Chisholm", "Kisholm")])
def test_a_second_phonetic_key_finds_surnames_metaphone_reads_differently(recorded, typed):
    stored = {k for k in candidate_keys(Candidate(given_names="Anne", family_name=recorded)) if k.startswith(("fam:", "fny:"))}
    asked = keys_for_query(Query(name=f"Anne {typed}"))
    assert not {k for k in stored if k.startswith("fam:")} & asked  # metaphone alone would not find them
    assert {k for k in stored if k.startswith("fny:")} & asked
