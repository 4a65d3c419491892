from datetime import date

from safecontact.matching import Candidate, Query, candidate_keys, keys_for_query, query_keys, search_keys
from safecontact.matching.keys import dob_key


def _shares(q: set[str], c: set[str]) -> bool:
    return bool(q & c)


def test_search_keys_shape():
    keys = search_keys("William", "Smith-Jones", [("Bill", "Jones")], date(1980, 5, 14), ["cf10 1aa"], ["0100023336956"])
    assert "giv:william" in keys
    assert "dob:1980-05-14" in keys
    assert "pc:CF101AA" in keys
    assert "uprn:100023336956" in keys
    assert {k for k in keys if k.startswith("fam:")} >= {"fam:SM0", "fam:JNS"}


def test_dob_key_sorts_day_and_month():
    assert dob_key(date(1980, 3, 4)) == dob_key(date(1980, 4, 3))
    assert dob_key(date(1980, 3, 4)) != dob_key(date(1981, 4, 3))
    assert dob_key(None) is None


def test_query_keys_few_and_shared():
    target = search_keys("William", "Smith", dob=date(1980, 5, 14), postcodes=["CF10 1AA"])
    for q in [
        query_keys("Bill Smith"),  # nickname
        query_keys("Smith William"),  # swapped
        query_keys("William Smiht"),  # surname typo (giv: key still shared)
        query_keys("Wiliam Smith"),  # first-name typo (fam: key still shared)
        query_keys("Wlliam Smtih", dob=date(1980, 5, 14)),  # both typos, DOB saves it
        query_keys("Wlliam Smtih", postcode="cf101aa"),  # both typos, postcode saves it
        query_keys(given="Bill", family="Smyth"),
    ]:
        assert _shares(q, target), q
        assert len(q) <= 20


def test_double_barrelled_and_prefixes_share_keys():
    target = search_keys("Anna", "Smith-Jones")
    assert _shares(query_keys("Zzz Jones"), target)
    assert _shares(query_keys("Zzz Smith Jones"), target)
    target = search_keys("Kevin", "O'Brien")
    assert _shares(query_keys("Xxx O Brien"), target)
    target = search_keys("Ian", "MacDonald")
    assert _shares(query_keys("Xxx Mc Donald"), target)


def test_candidate_and_query_helpers():
    cand = Candidate(1, "Margaret", "Evans", date_of_birth=date(1961, 10, 3), address_lines=["3 Quay St, Swansea SA1 1AA"])
    assert "pc:SA11AA" in candidate_keys(cand)
    q = Query(name="Peggy Evans", address="3 Quay Street SA1 1AA")
    assert "pc:SA11AA" in keys_for_query(q)
    assert _shares(keys_for_query(q), candidate_keys(cand))


def test_unrelated_names_do_not_share_name_keys():
    target = search_keys("William", "Smith")
    assert not _shares(query_keys("Priya Patel"), target)
