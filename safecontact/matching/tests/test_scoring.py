from datetime import date

from safecontact.matching import Candidate, MatchResult, Premises, Query, best_tier, compare_dob, score, score_premises

DOB = date(1980, 5, 14)
ADDR = "12 High Street, Cardiff CF10 1AA"


def person(given="John", family="Smith", dob=DOB, address=ADDR, uprn="100023336956", **kw):
    return Candidate(
        person_id=kw.pop("pid", 1),
        given_names=given,
        family_name=family,
        date_of_birth=dob,
        postcodes=["CF10 1AA"],
        address_lines=[address] if address else [],
        uprns=[uprn] if uprn else [],
        **kw,
    )


def test_exact_name_and_dob_is_strong_and_explained():
    r = score(Query(name="John Smith", date_of_birth=DOB), person())
    assert r.tier == "strong" and r.precautions_apply
    assert r.name_agrees and r.dob_agrees and not r.dob_conflicts
    assert "date of birth agrees" in r.reasons
    assert "surname matches" in r.explanation
    assert 0.7 <= r.score <= 1.0


def test_jr_sr_at_one_address_only_the_right_one_is_strong():
    sr = person(dob=date(1950, 2, 2), pid="sr")
    jr = person(dob=date(1980, 2, 2), pid="jr")
    q = Query(name="John Smith", date_of_birth=date(1980, 2, 2), address="12 High St", postcode="CF10 1AA")
    results = [score(q, sr), score(q, jr)]
    assert [r.tier for r in results] == ["weak", "strong"]
    assert results[0].dob_conflicts and results[0].address_agrees


def test_same_postcode_alone_is_not_the_same_address():
    r = score(Query(name="John Smith", postcode="cf10 1aa"), person())
    assert r.tier == "weak"
    assert r.postcode_agrees and not r.address_agrees
    assert "same postcode" in r.reasons


def test_same_address_or_uprn_confirms_without_dob():
    assert score(Query(name="John Smith", address="12 High St", postcode="CF101AA"), person()).tier == "strong"
    r = score(Query(name="Smith, Jack", uprn="0100023336956"), person())
    assert r.tier == "strong" and r.uprn_agrees and "same UPRN" in r.reasons


def test_dob_transposed_and_near():
    assert compare_dob(date(1980, 3, 4), date(1980, 4, 3)).status == "swapped"
    assert compare_dob(date(1980, 5, 14), date(1980, 5, 15)).status == "near"
    assert compare_dob(date(1980, 5, 12), date(1980, 5, 21)).status == "near"
    assert compare_dob(date(1981, 5, 14), date(1980, 5, 14)).status == "near"
    # Issue 15: one digit of the year is a slip ("near"), but one moving the year by 2+ blocks precautions (Jr/Sr).
    assert compare_dob(date(1982, 5, 14), date(1980, 5, 14)).status == "near"
    assert compare_dob(date(1950, 5, 14), date(1980, 5, 14)).blocks_precautions
    assert compare_dob(date(1975, 5, 14), date(1980, 5, 14)).status == "partial"  # two digits of the year: day and month only
    assert compare_dob(date(1950, 4, 2), date(1980, 5, 14)).status == "conflict"
    assert compare_dob(None, date(1980, 5, 14)).status == "missing"
    assert compare_dob(date(1981, 1, 1), None, approx_year=1980).status == "approx_ok"
    assert compare_dob(date(1960, 1, 1), None, approx_year=1980).conflicts
    r = score(Query(name="John Smith", date_of_birth=date(1980, 4, 3)), person(dob=date(1980, 3, 4)))
    assert r.tier == "strong" and "date of birth agrees with day and month swapped" in r.reasons
    r = score(Query(name="John Smith", date_of_birth=date(1980, 6, 14)), person())
    assert r.tier == "weak" and not r.dob_conflicts  # month one digit off: near


def test_swapped_names_are_reported():
    r = score(Query(name="Smith John", date_of_birth=DOB), person())
    assert r.tier == "strong"
    assert "names swapped (given/family)" in r.reasons


def test_nickname_reason():
    r = score(Query(name="Bill Jones", date_of_birth=DOB), person(given="William", family="Jones"))
    assert r.tier == "strong"
    assert any("known short form" in x and "Bill" in x and "William" in x for x in r.reasons)


def test_structured_query_fields():
    r = score(Query(given="Bill", family="Jones", date_of_birth=DOB), person(given="William", family="Jones"))
    assert r.tier == "strong"


def test_aliases_are_checked():
    cand = person(given="Mary", family="Smith", aliases=[("Mary", "Jones")])
    r = score(Query(name="Mary Jones", date_of_birth=DOB), cand)
    assert r.tier == "strong"
    assert any("alias" in x for x in r.reasons)


def test_twins_are_never_strong():
    q = Query(name="Louis Martin", date_of_birth=DOB, address="12 High Street", postcode="CF10 1AA")
    assert score(q, person(given="Louise", family="Martin")).tier == "weak"
    assert score(q, person(given="Louis", family="Martin")).tier == "strong"


def test_unrelated_is_none():
    r = score(Query(name="Priya Patel", date_of_birth=date(1990, 1, 1)), person())
    assert r.tier == "none"
    assert r.score < 0.4


def test_no_name_query():
    assert score(Query(uprn="100023336956"), person()).tier == "none"
    assert score(Query(uprn="100023336956", date_of_birth=DOB), person()).tier == "weak"


def test_premises():
    prem = Premises(7, "Flat 3, 22 Cathedral Road, Cardiff", "CF11 9LJ", "200")
    assert score_premises(Query(uprn="200"), prem).tier == "strong"
    assert score_premises(Query(address="Apt 3, 22 Cathedral Rd", postcode="cf119lj"), prem).tier == "strong"
    assert score_premises(Query(address="Flat 4, 22 Cathedral Rd", postcode="cf119lj"), prem).tier == "none"
    assert score_premises(Query(address="Flat 3, 22 Cathedral Rd"), prem).tier == "weak"
    assert score_premises(Query(postcode="CF11 9LJ"), prem).tier == "none"
    assert score_premises(Query(address="Flat 3, 22 Cathedral Road", postcode="CF11 9LJ"), prem).person_id == 7


def test_best_tier():
    assert best_tier([]) == "none"
    assert best_tier(["weak", "none"]) == "weak"
    assert best_tier([MatchResult("weak", 0.5), MatchResult("strong", 0.9)]) == "strong"
