import pytest

from safecontact.matching.nicknames import are_equivalent, given_name_equivalents, group_keys, groups


def test_data_file_has_enough_groups():
    assert len(groups()) >= 150


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Bill", "William"),
        ("Liam", "William"),
        ("Peggy", "Margaret"),
        ("Maggie", "Margaret"),
        ("Bob", "Robert"),
        ("Bert", "Robert"),
        ("Bert", "Albert"),
        ("Liz", "Elizabeth"),
        ("Beth", "Elizabeth"),
        ("Kate", "Catherine"),
        ("Kate", "Katherine"),
        ("Kathryn", "Catherine"),
        ("Dai", "David"),
        ("Dafydd", "David"),
        ("Owain", "Owen"),
        ("Llew", "Llywelyn"),
        ("Sean", "Shaun"),
        ("Seán", "Shawn"),
        ("Siân", "Sian"),
        ("Padraig", "Patrick"),
        ("Ieuan", "Evan"),
        ("Huw", "Hugh"),
        ("Jon", "John"),
        ("Steven", "Stephen"),
    ],
)
def test_equivalent(a, b):
    assert are_equivalent(a, b)
    assert are_equivalent(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Robert", "Albert"),  # both have Bert, but the relation is not transitive
        ("Sean", "John"),
        ("Sian", "Jane"),
        ("Alexander", "Alexandra"),
        ("Louis", "Louise"),
        ("Francis", "Frances"),
        ("Daniel", "Daniela"),
        ("Samuel", "Samantha"),
        ("Christopher", "Christine"),
        ("", "John"),
    ],
)
def test_not_equivalent(a, b):
    assert not are_equivalent(a, b)


def test_equivalents_and_group_keys():
    assert {"william", "bill", "liam"} <= given_name_equivalents("Bill")
    assert given_name_equivalents("Zbigniew") == frozenset({"zbigniew", "zbyszek", "zbych", "zibi"})  # issue 15 supplement
    assert given_name_equivalents("Tamsin") == frozenset({"tamsin"})  # in no group
    assert given_name_equivalents("") == frozenset()
    assert "william" in group_keys("Bill")  # and upstream pairs (bill/billy, willis/bill) since issue 15
    assert group_keys("Bert") >= {"robert", "albert"}
    assert group_keys("Tamsin") == frozenset({"tamsin"})
