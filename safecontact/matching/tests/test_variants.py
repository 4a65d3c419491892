"""Recall and false-"precautions apply" rate on generated people (deterministic seeds).

The register is searched the way a database would: rows sharing a blocking key
with the query are the candidates, and each candidate is scored.
"""

import random
from collections import Counter, defaultdict

import pytest

from safecontact.matching import Query, best_tier, candidate_keys, keys_for_query, score
from safecontact.matching.variants import make_labelled_variants, make_person, make_variants, typo

N_PEOPLE = 500


@pytest.fixture(scope="module")
def register():
    rng = random.Random(20240501)
    people = [make_person(rng, i) for i in range(N_PEOPLE)]
    index = defaultdict(set)
    for p in people:
        for key in candidate_keys(p):
            index[key].add(p.person_id)
    return people, index


def _candidates(query, people, index):
    ids = set().union(*(index.get(k, set()) for k in keys_for_query(query)))
    return [people[i] for i in ids]


def test_make_variants_is_deterministic_and_varied():
    a = make_variants("William", "Smith", None, "CF10 1AA", random.Random(1))
    b = make_variants("William", "Smith", None, "CF10 1AA", random.Random(1))
    assert a == b
    assert all(isinstance(q, Query) for q in a)
    assert len({q.name for q in a}) >= 5
    assert typo("Smith", random.Random(3)) != "Smith"


def test_recall_of_flagged_people_over_variants(register):
    people, index = register
    rng = random.Random(7)
    total, found, missed_by_kind, key_misses = 0, 0, Counter(), 0
    for person in people:
        for kind, query in make_labelled_variants(person.given_names, person.family_name, person.date_of_birth, person.postcodes[0], rng):
            total += 1
            retrieved = any(c.person_id == person.person_id for c in _candidates(query, people, index))
            key_misses += not retrieved
            if retrieved and score(query, person).tier in {"weak", "strong"}:
                found += 1
            else:
                missed_by_kind[kind] += 1
    recall = found / total
    print(f"\nrecall {found}/{total} = {recall:.4%}; key misses {key_misses}; misses by kind {dict(missed_by_kind)}")
    assert total >= 5000
    assert recall >= 0.995


def test_false_strong_rate_for_people_not_on_the_register(register):
    people, index = register
    rng = random.Random(99)
    strong = weak = 0
    for i in range(N_PEOPLE):
        other = make_person(rng, f"u{i}")
        query = Query(
            name=f"{other.given_names} {other.family_name}", date_of_birth=other.date_of_birth, postcode=other.postcodes[0], address=other.address_lines[0]
        )
        tier = best_tier(score(query, c) for c in _candidates(query, people, index))
        strong += tier == "strong"
        weak += tier == "weak"
    print(f"\nunrelated people: strong {strong}/{N_PEOPLE} = {strong / N_PEOPLE:.2%}, weak {weak}/{N_PEOPLE}")
    assert strong / N_PEOPLE <= 0.01


def test_false_strong_rate_for_namesakes(register):
    """Harder: same name as someone on the register, own DOB, often the same postcode."""
    people, index = register
    rng = random.Random(5)
    strong = 0
    for i, target in enumerate(people):
        namesake = make_person(rng, f"n{i}")
        postcode = target.postcodes[0] if rng.random() < 0.5 else namesake.postcodes[0]
        query = Query(name=f"{target.given_names} {target.family_name}", date_of_birth=namesake.date_of_birth, postcode=postcode)
        strong += best_tier(score(query, c) for c in _candidates(query, people, index)) == "strong"
    print(f"\nnamesakes: strong {strong}/{N_PEOPLE} = {strong / N_PEOPLE:.2%}")
    assert strong / N_PEOPLE <= 0.01
