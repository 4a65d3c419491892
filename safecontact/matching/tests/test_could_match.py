"""`could_match` lets a check skip the full name comparison: it must say False only where score() says
"none". Checked against the reviewed hard cases, generated variants of many people, and hypothesis."""

import random
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from safecontact.matching import Candidate, Query, could_match, score
from safecontact.matching.tests.test_hard_cases import ROWS, _result
from safecontact.matching.variants import FAMILY_NAMES, GIVEN_NAMES, make_person, make_variants, nickname, typo


def assert_safe(query: Query, candidate: Candidate) -> bool:
    skipped = not could_match(query, candidate)
    if skipped:
        assert score(query, candidate).tier == "none", (query, candidate)
    return skipped


def test_hard_cases_that_match_are_never_skipped():
    for row in ROWS:
        if row["expected_tier"] != "none" and (row["cand_given"] or row["cand_family"]):
            query = Query(name=row["query_name"], date_of_birth=date.fromisoformat(row["query_dob"]) if row["query_dob"] else None,
                          postcode=row["query_postcode"] or None, address=row["query_address"] or None, uprn=row["query_uprn"] or None,
                          phone=row.get("query_phone") or None, email=row.get("query_email") or None)
            assert _result(row).tier == row["expected_tier"]
            candidate = Candidate(person_id=row["case_id"], given_names=row["cand_given"], family_name=row["cand_family"],
                                  aliases=[tuple(a.split("/", 1)) for a in row["cand_aliases"].split(";") if a],
                                  date_of_birth=date.fromisoformat(row["cand_dob"]) if row["cand_dob"] and not row["cand_dob"].startswith("~") else None,
                                  approx_birth_year=int(row["cand_dob"][1:]) if row["cand_dob"].startswith("~") else None,
                                  postcodes=[row["cand_postcode"]] if row["cand_postcode"] else [],
                                  address_lines=[row["cand_address"]] if row["cand_address"] else [],
                                  uprns=[row["cand_uprn"]] if row["cand_uprn"] else [],
                                  phones=[row["cand_phone"]] if row.get("cand_phone") else [],
                                  emails=[row["cand_email"]] if row.get("cand_email") else [])
            assert could_match(query, candidate), row["case_id"]


def test_generated_variants_against_a_crowd_of_namesakes():
    """Every variant of 300 people against all of them, and against a crowd sharing their surnames."""
    rng = random.Random(20261123)
    people = [make_person(rng, person_id=i) for i in range(300)]
    crowd = [Candidate(person_id=f"n{i}", given_names=rng.choice(GIVEN_NAMES), family_name=p.family_name,
                       date_of_birth=p.date_of_birth + timedelta(days=rng.choice([-1, 1, 31, 400, 4000])) if p.date_of_birth else None,
                       postcodes=list(p.postcodes)) for i, p in enumerate(people)]
    skipped = compared = 0
    for person in people[:120]:
        postcode = person.postcodes[0] if person.postcodes else None
        for query in make_variants(person.given_names, person.family_name, person.date_of_birth, postcode, rng):
            assert could_match(query, person), (query, person)
            for other in rng.sample(people, 40) + crowd:
                compared += 1
                skipped += assert_safe(query, other)
    assert skipped > compared / 2  # it is worth having: most comparisons are skipped


names = st.sampled_from(GIVEN_NAMES)
surnames = st.sampled_from(FAMILY_NAMES)
dobs = st.dates(min_value=date(1930, 1, 1), max_value=date(2010, 12, 31))


@given(names, surnames, names, surnames, dobs, dobs, st.integers(min_value=0, max_value=2**32), st.booleans(), st.booleans())
def test_a_skipped_candidate_always_scores_none(qg, qf, cg, cf, qd, cd, seed, alias, mangle):
    rng = random.Random(seed)
    if mangle:
        qg = nickname(qg, rng) or typo(qg, rng)
        qf = typo(qf, rng)
    candidate = Candidate(person_id=1, given_names=cg, family_name=cf, date_of_birth=cd, postcodes=["CF10 1AA"],
                          aliases=[(qg if rng.random() < 0.5 else cg, qf)] if alias else [])
    for query in (Query(name=f"{qg} {qf}", date_of_birth=qd, postcode="SW1A 1AA"), Query(name=f"{qf}, {qg}", date_of_birth=qd),
                  Query(name=f"{qf} {qg}", date_of_birth=qd, postcode="CF10 1AA")):
        assert_safe(query, candidate)
