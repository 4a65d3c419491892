"""Dates of birth as evidence (issue 15): the classification as properties (hypothesis), and the rule R99 it feeds."""

from datetime import date

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from safecontact.matching import Candidate, Query, score
from safecontact.matching.dates import AGREEMENT, compare_dob, dob_digits
from safecontact.matching.variant_families import clearly_different_dob, dob_slip

dobs = st.dates(min_value=date(1920, 1, 1), max_value=date(2015, 12, 31))
UPRN = "100023336956"


def _date(digits: str) -> date | None:
    try:
        return date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None


def person(dob: date) -> Candidate:
    return Candidate(person_id=1, given_names="John", family_name="Smith", date_of_birth=dob, uprns=[UPRN])


@given(dobs, dobs)
def test_the_classification_is_symmetric(a, b):
    assert compare_dob(a, b).status == compare_dob(b, a).status


@given(dobs, st.integers(0, 7), st.integers(0, 9))
def test_one_digit_wrong_is_agreement(dob, position, digit):
    digits = dob_digits(dob)
    assume(digits[position] != str(digit))
    other = _date(digits[:position] + str(digit) + digits[position + 1 :])
    assume(other is not None)
    result = compare_dob(other, dob)
    assert result.agreement and not result.clearly_differs


@given(dobs, st.integers(0, 6))
def test_adjacent_digits_transposed_is_agreement(dob, position):
    digits = dob_digits(dob)
    assume(digits[position] != digits[position + 1])
    other = _date(digits[:position] + digits[position + 1] + digits[position] + digits[position + 2 :])
    assume(other is not None)
    assert compare_dob(other, dob).agreement


@given(dobs, st.sampled_from([-10, 10]))
def test_a_decade_out_is_agreement_but_never_confirms(dob, years):
    other = _date(dob_digits(dob)[:4] + f"{dob.year + years:04d}")
    assume(other is not None)
    result = compare_dob(other, dob)
    assert result.status == "near" and not result.agrees and result.blocks_precautions


@given(dobs)
def test_day_and_month_swapped_agrees(dob):
    assume(dob.day <= 12 and dob.day != dob.month)
    assert compare_dob(date(dob.year, dob.day, dob.month), dob).status == "swapped"


@given(dobs, dobs)
def test_a_clear_disagreement_is_exactly_another_year_and_another_birthday(a, b):
    result = compare_dob(a, b)
    both_differ = a.year != b.year and (a.day, a.month) not in {(b.day, b.month), (b.month, b.day)}
    if result.clearly_differs:
        assert both_differ and not result.agreement and result.conflicts
    elif both_differ:
        assert result.status == "near"  # the only way another year and birthday are still one person's date: a slip
    if a.year != b.year and a.month != b.month and a.day != b.day and result.status != "near" and (a.day, a.month) != (b.month, b.day):
        assert result.clearly_differs  # year, month and day all different is always a clear disagreement
    assert result.status in AGREEMENT | {"partial", "conflict"}


@given(dobs)
def test_a_missing_date_is_partial_evidence_never_conflict(dob):
    for result in (compare_dob(None, dob), compare_dob(dob, None)):
        assert result.status == "missing" and not result.conflicts and not result.agreement


@settings(suppress_health_check=[HealthCheck.large_base_example])  # the namesake's date is drawn until it clearly differs
@given(dobs, st.randoms(use_true_random=False))
def test_a_namesake_with_a_clearly_different_date_of_birth_is_no_match_unless_the_place_agrees(dob, rng):
    other = clearly_different_dob(dob, rng)
    assert score(Query(name="John Smith", date_of_birth=other), person(dob)).tier == "none"
    assert score(Query(name="John Smith", date_of_birth=other, uprn=UPRN), person(dob)).tier == "weak"  # a relative there


@given(dobs, st.randoms(use_true_random=False))
def test_a_slip_in_the_date_of_birth_never_loses_the_person(dob, rng):
    slipped = dob_slip(dob, rng)
    assume(slipped is not None)
    assert score(Query(name="John Smith", date_of_birth=slipped), person(dob)).tier in {"weak", "strong"}
    assert score(Query(name="Jhon Smith", date_of_birth=slipped), person(dob)).tier in {"weak", "strong"}
