"""The scorer rule by rule (issue 18): each way to "possible match" with the evidence that makes it and
without, what a result reports, its score within its tier, and the pre-filter's multi-word surnames.
The reviewed hard cases (test_hard_cases.py) judge tiers on realistic rows; these pin the rules themselves,
so that turning one `or` into `and` fails a test named after that rule."""

from dataclasses import replace
from datetime import date

import pytest

from safecontact.matching import (
    Candidate,
    Premises,
    Query,
    could_match,
    has_confirming_evidence,
    score,
    score_if_confirmed,
    score_premises,
    score_unless_unmatchable,
)
from safecontact.matching.normalise import SplitName
from safecontact.matching.scoring import query_name

DOB = date(1980, 5, 14)
OTHER_DOB = date(1980, 1, 1)  # the same year only: a partial agreement, which stops "precautions apply" but is not R99's
CLEAR_DOB = date(1950, 1, 1)  # year, month and day all differ: a clear disagreement (R99, issue 15)
ADDRESS = "12 High Street, Cardiff CF10 1AA"
UPRN = "100023336956"
SAME_PLACE = {"address": "12 High St", "postcode": "CF10 1AA"}


def recorded(given="John", family="Smith", **fields):
    values = {"person_id": 1, "given_names": given, "family_name": family, "date_of_birth": DOB, "postcodes": ["CF10 1AA"],
              "address_lines": [ADDRESS], "uprns": [UPRN]}
    return Candidate(**{**values, **fields})


def tier(query, candidate=None):
    return score(query, candidate or recorded()).tier


# --- Each way to a possible match, with and without the evidence it needs ------------------------------

@pytest.mark.parametrize(("place", "expected"), [
    ({}, "none"), ({"postcode": "CF10 1AA"}, "weak"), ({"uprn": UPRN}, "weak"), (SAME_PLACE, "weak"),
], ids=["nothing", "postcode", "uprn", "address"])
def test_a_similar_name_with_another_date_of_birth_is_possible_only_where_the_place_or_postcode_agrees(place, expected):
    query = Query(name="Jhon Smith", date_of_birth=OTHER_DOB, **place)  # a typing error in the first name
    assert tier(query) == expected
    assert could_match(query, recorded()) is (expected == "weak")


@pytest.mark.parametrize(("name", "place", "expected"), [
    ("John Smith", {}, "weak"),  # the surname exactly: a possible match even with another date of birth
    ("John Smyth", {}, "none"),  # the surname only sounds the same: nothing left to go on
    ("John Smyth", {"postcode": "CF10 1AA"}, "weak"),
])
def test_a_name_that_agrees_with_another_date_of_birth_needs_the_exact_surname_or_a_place(name, place, expected):
    assert tier(Query(name=name, date_of_birth=OTHER_DOB, **place)) == expected


@pytest.mark.parametrize(("query", "expected"), [
    (Query(name="John Smith", uprn=UPRN), "strong"), (Query(name="John Smith", **SAME_PLACE), "strong"),
    (Query(name="John Smith", date_of_birth=DOB), "strong"), (Query(name="John Smith", postcode="CF10 1AA"), "weak"),
    (Query(name="John Smith", uprn=UPRN, date_of_birth=OTHER_DOB), "weak"), (Query(name="John Smith"), "weak"),
])
def test_precautions_apply_when_the_name_agrees_and_the_date_of_birth_or_the_place_confirms_it(query, expected):
    assert tier(query) == expected


@pytest.mark.parametrize(("query", "expected"), [
    (Query(name="Mary Smith", date_of_birth=DOB), "weak"), (Query(name="Mary Smith", **SAME_PLACE), "weak"),
    (Query(name="Mary Smith", date_of_birth=OTHER_DOB, **SAME_PLACE), "none"), (Query(name="Mary Smith"), "none"),
    (Query(name="Mary Smyth", date_of_birth=DOB), "none"),
])
def test_the_same_surname_with_another_first_name_needs_the_date_of_birth_or_the_address(query, expected):
    assert tier(query) == expected  # twins, household members


@pytest.mark.parametrize(("query", "expected"), [
    (Query(name="John Jones", date_of_birth=DOB), "weak"), (Query(name="Johnny Jones", date_of_birth=DOB), "weak"),
    (Query(name="John Jones", **SAME_PLACE), "none"), (Query(name="Jhon Jones", date_of_birth=DOB), "none"),
])
def test_the_same_first_name_with_another_surname_needs_the_same_date_of_birth(query, expected):
    assert tier(query) == expected  # a changed or badly mistyped surname


@pytest.mark.parametrize(("query", "expected"), [
    (Query(uprn=UPRN, date_of_birth=DOB), "weak"), (Query(date_of_birth=DOB, **SAME_PLACE), "weak"),
    (Query(uprn=UPRN), "none"), (Query(date_of_birth=DOB), "none"), (Query(postcode="CF10 1AA", date_of_birth=DOB), "none"),
])
def test_without_a_name_the_place_and_the_date_of_birth_together_give_at_most_a_possible_match(query, expected):
    result = score(query, recorded())
    assert result.tier == expected and result.reasons[0] == "no name given" and not result.name_similar


def test_different_generations_are_never_strong_and_say_why():
    result = score(Query(name="John Smith Jr", date_of_birth=DOB, uprn=UPRN), recorded(family="Smith Sr"))
    assert result.tier == "weak" and not result.name_agrees
    assert result.reasons == ["surname matches", "first name matches", "generation differs (Jr vs Sr)", "date of birth agrees", "same UPRN"]
    assert "generation differs (III vs Jr)" in score(Query(name="John Smith III", date_of_birth=DOB), recorded(family="Smith Jr")).reasons
    assert score(Query(name="John Smith Jr", date_of_birth=DOB), recorded(family="Smith Jr")).tier == "strong"


# --- What a result reports ----------------------------------------------------------------------------

def test_a_match_on_everything_reports_each_piece_of_evidence_once():
    result = score(Query(name="John Smith", date_of_birth=DOB, uprn=UPRN, **SAME_PLACE), recorded())
    assert result.reasons == ["surname matches", "first name matches", "date of birth agrees", "same UPRN",
                              "same house number and street", "same postcode"]
    assert (result.name_agrees, result.name_similar, result.dob_agrees, result.dob_conflicts) == (True, True, True, False)
    assert (result.address_agrees, result.uprn_agrees, result.postcode_agrees, result.person_id) == (True, True, True, 1)
    assert result.score == 1.0


def test_with_the_same_uprn_the_postcode_is_not_repeated_and_a_missing_date_of_birth_is_said():
    result = score(Query(name="John Smith", uprn=UPRN, postcode="CF10 1AA"), recorded())
    assert result.reasons == ["surname matches", "first name matches", "date of birth not given", "same UPRN"]
    assert (result.address_agrees, result.uprn_agrees, result.postcode_agrees, result.dob_agrees) == (False, True, True, False)


def test_a_date_of_birth_recorded_nowhere_is_not_mentioned_and_a_conflict_is():
    assert score(Query(name="John Smith", date_of_birth=DOB), recorded(date_of_birth=None)).reasons == [
        "surname matches", "first name matches"]
    result = score(Query(name="John Smith", date_of_birth=OTHER_DOB), recorded())
    assert result.dob_conflicts and not result.dob_agrees
    assert result.reasons[-1] == "date of birth only partly agrees (01/01/1980 vs 14/05/1980)"


@pytest.mark.parametrize(("query", "candidate", "expected"), [
    (Query(name="John Smith", uprn=UPRN, postcode="CF10 1AA"), recorded(), 0.955),  # strong: name, UPRN, no date of birth
    (Query(name="Smith", date_of_birth=DOB), recorded(), 0.611),  # weak: no first name typed counts as half
    (Query(name="John Smith", date_of_birth=date(1980, 5, 15), postcode="CF10 1AA"), recorded(), 0.646),  # weak: near, postcode
    (Query(postcode="CF10 1AA"), recorded(), 0.088),  # none: the postcode alone
    (Query(name="Priya Patel", date_of_birth=CLEAR_DOB), recorded(), 0.016),  # none: nothing agrees
])
def test_the_score_orders_results_within_their_tier(query, candidate, expected):
    assert score(query, candidate).score == expected


def test_a_recorded_alias_is_named_only_when_it_is_what_matched():
    cand = recorded(given="Mary", family="Jones", aliases=[("Mary ", "Smith"), ("Peter", "Brown")])
    assert score(Query(name="Mary Smith", date_of_birth=DOB), cand).reasons == [
        "surname matches", "first name matches", "matches a recorded alias (Mary Smith)", "date of birth agrees"]
    assert score(Query(name="Mary Jones", date_of_birth=DOB), cand).reasons == ["surname matches", "first name matches",
                                                                               "date of birth agrees"]
    same_as_name = recorded(aliases=[("John", "Smith")])
    assert score(Query(name="John Smith", date_of_birth=DOB), same_as_name).reasons == ["surname matches", "first name matches",
                                                                                       "date of birth agrees"]
    no_first_name = recorded(given="", family="Jones", date_of_birth=None)
    assert score(Query(name="John Smith"), replace(no_first_name, aliases=[("Peter", "Brown")])).reasons == ["date of birth not given"]
    assert score(Query(name="John Smith"), replace(no_first_name, aliases=[("J", "Brown")])).reasons == [
        "first initial matches", "matches a recorded alias (J Brown)", "date of birth not given"]
    surname_only = recorded(given="Peter", family="Jones", aliases=[("", "Smith")])
    assert "matches a recorded alias (Smith)" in score(Query(name="Smith", date_of_birth=DOB), surname_only).reasons


def test_an_alias_in_the_order_typed_wins_over_the_recorded_name_read_backwards():
    backwards = recorded(given="Smith", family="John")
    assert "names swapped (given/family)" in score(Query(name="John Smith", date_of_birth=DOB), backwards).reasons
    assert score(Query(name="John Smith", date_of_birth=DOB), replace(backwards, aliases=[("John", "Smith")])).reasons == [
        "surname matches", "first name matches", "matches a recorded alias (John Smith)", "date of birth agrees"]


def test_same_postcode_is_said_once_and_only_when_the_postcode_agrees():
    no_postcode = score(Query(name="John Smith", address="12 High Street"), recorded())
    assert no_postcode.reasons[-1] == "same house number and street" and not no_postcode.postcode_agrees
    by_number = score(Query(name="John Smith", address="12 Elm Road", postcode="CF10 1AA"), recorded())
    assert by_number.reasons[-1] == "same house number and postcode" and by_number.reasons.count("same postcode") == 0
    assert by_number.address_agrees and by_number.postcode_agrees


def test_the_query_name_comes_from_the_separate_boxes_when_either_is_filled():
    assert query_name(Query(given="John", family="Smith", name="Ignored Entirely")) == SplitName(("john",), ("smith",), None)
    assert query_name(Query(family="Smith")) == SplitName((), ("smith",), None)
    assert query_name(Query(given=" ", family=" ", name="Smith, John")) == SplitName(("john",), ("smith",), None)


# --- The shortcuts give the same answers as score() --------------------------------------------------

@pytest.mark.parametrize(("query", "confirmed"), [
    (Query(name="John Smith", date_of_birth=DOB), True), (Query(name="John Smith", uprn=UPRN), True),
    (Query(name="John Smith", **SAME_PLACE), True), (Query(name="John Smith", postcode="CF10 1AA"), False),
    (Query(name="John Smith", date_of_birth=OTHER_DOB), False),
])
def test_confirming_evidence_is_a_date_of_birth_uprn_or_address_that_agrees(query, confirmed):
    assert has_confirming_evidence(query, recorded()) is confirmed
    assert score_if_confirmed(query, recorded()) == (score(query, recorded()) if confirmed else None)


def test_score_unless_unmatchable_is_score_where_could_match_says_yes():
    possible = Query(name="John Smith", date_of_birth=OTHER_DOB)
    unmatchable = Query(name="Mary Jones", date_of_birth=OTHER_DOB)
    assert score_unless_unmatchable(possible, recorded()) == score(possible, recorded())
    assert not could_match(unmatchable, recorded()) and score_unless_unmatchable(unmatchable, recorded()) is None


# --- The pre-filter: a candidate it skips must score "none" -------------------------------------------

@pytest.mark.parametrize(("typed", "given", "family", "aliases"), [
    ("Kevin O Brien", "Kevin", "O'Brien", []),  # a one-word surname typed as two words
    ("Maria De La Cruz", "Maria", "Delacruz", []),  # ... and as three
    ("De La Cruz Maria", "Maria", "Delacruz", []),  # surname first
    ("Mary Anne Smith", "Maryanne", "Smith", []),  # first names typed apart, recorded as one
    ("Maryanne Smith", "Mary Anne", "Smith", []),  # ... and the other way round
    ("Bill Smith", "William", "Smith", []),  # a known short form
    ("Mary Smith", "Mary", "Jones", [("Mary", "Smith")]),  # a recorded alias
], ids=["two-words", "three-words", "surname-first", "given-apart", "given-together", "short-form", "alias"])
def test_the_pre_filter_keeps_a_name_that_agrees_with_an_exact_surname_of_several_words(typed, given, family, aliases):
    query = Query(name=typed, date_of_birth=OTHER_DOB)
    candidate = recorded(given=given, family=family, aliases=aliases)
    assert score(query, candidate).tier == "weak"
    assert could_match(query, candidate)


@pytest.mark.parametrize(("query", "expected"), [
    (Query(name="Jhon Smith", date_of_birth=OTHER_DOB), False), (Query(name="Mary Smith", date_of_birth=OTHER_DOB), False),
    (Query(name="Jhon Smith", date_of_birth=DOB), True), (Query(name="Jhon Smith"), True),
    (Query(name="Jhon Smith", date_of_birth=OTHER_DOB, uprn=UPRN), True),
    (Query(name="Jhon Smith", date_of_birth=OTHER_DOB, **SAME_PLACE), True),
    (Query(name="Jhon Smith", date_of_birth=OTHER_DOB, postcode="CF10 1AA"), True),
    (Query(date_of_birth=OTHER_DOB), True),
])
def test_the_pre_filter_skips_only_a_conflicting_date_of_birth_with_nothing_else_agreeing(query, expected):
    assert could_match(query, recorded()) is expected


def test_the_pre_filter_skips_a_record_with_no_first_name_when_the_date_of_birth_conflicts():
    query, candidate = Query(name="John Smith", date_of_birth=OTHER_DOB), recorded(given="")
    assert not could_match(query, candidate) and score(query, candidate).tier == "none"


# --- Address-only hazards -----------------------------------------------------------------------------

PREMISES = Premises(7, "Flat 3, 22 Cathedral Road, Cardiff", "CF11 9LJ", "200")


@pytest.mark.parametrize(("query", "expected"), [
    (Query(uprn="200", postcode="CF11 9LJ"), ("strong", 1.0, ["same UPRN"], False, True, True)),
    (Query(uprn="200"), ("strong", 1.0, ["same UPRN"], False, True, False)),
    (Query(address="Apt 3, 22 Cathedral Rd", postcode="cf119lj"), ("strong", 0.95, ["same house number and street", "same postcode"],
                                                                  True, False, True)),
    (Query(address="Flat 3, 22 Cathedral Rd CF11 9LJ"), ("strong", 0.95, ["same house number and street", "same postcode"], True, False, True)),
    (Query(address="Flat 3, 22 Cathedral Rd", postcode="CF11 9LJ", uprn="201"),
     ("weak", 0.6, ["same house number and street", "but the UPRNs differ"], False, False, True)),
    (Query(address="Flat 3, 22 Cathedral Rd"), ("weak", 0.6, ["same house number and street", "postcode not available to confirm"],
                                                True, False, False)),
    (Query(address="Flat 3, 22 Elm Rd", postcode="CF11 9LJ"), ("weak", 0.6, ["same house number and postcode"], True, False, True)),
    (Query(postcode="CF11 9LJ"), ("none", 0.2, ["same postcode"], False, False, True)),
    (Query(postcode="CF10 1AA"), ("none", 0.0, [], False, False, False)),
    (Query(address="Flat 9, 1 Other St"), ("none", 0.0, [], False, False, False)),
], ids=["uprn-and-postcode", "uprn", "address", "postcode-in-address", "uprns-differ", "no-postcode", "number-and-postcode",
        "postcode-only", "other-postcode", "elsewhere"])
def test_premises_are_strong_on_the_uprn_or_the_whole_address_and_say_why(query, expected):
    result = score_premises(query, PREMISES)
    assert (result.tier, result.score, result.reasons, result.address_agrees, result.uprn_agrees, result.postcode_agrees) == expected
    assert result.person_id == 7


def test_a_named_house_is_the_same_address_by_its_name_and_postcode():
    premises = Premises(8, "Rose Cottage, Mill Lane, Cheltenham", "GL50 1PQ", "")
    result = score_premises(Query(address="Rose Cottage, Mill Lane", postcode="GL50 1PQ"), premises)
    assert (result.tier, result.score, result.reasons) == ("strong", 0.95, ["same address (house name and postcode)"])
