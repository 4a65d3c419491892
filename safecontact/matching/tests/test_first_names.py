"""`given_could_be_similar` and `similar_first_names` are `given_level(q, c)[0] >= 1`, faster (issue 16): the register
index asks it of hundreds of recorded first names per check, so they must never differ from the scorer's own rule,
on any pair. Compared over every pair of a sample of the first names in the nickname lists, the variant generator's
names, their typing errors and initials, and hypothesis' strings."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from safecontact.matching import nicknames
from safecontact.matching.compare import given_level
from safecontact.matching.first_names import (
    first_name_forms,
    form_screen,
    given_could_be_similar,
    similar_first_names,
    similar_first_names_by_probe,
)
from safecontact.matching.normalise import parse_name
from safecontact.matching.variants import GIVEN_NAMES, typo


def _tokens(names) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted({t for n in names for t in parse_name(n).tokens})


def _agree(q: str, c: str) -> None:
    assert given_could_be_similar(q, c) == (given_level(q, c)[0] >= 1), (q, c, given_level(q, c))


def test_it_agrees_with_given_level_on_every_pair_of_a_large_sample():
    rng = random.Random(16)
    in_lists = sorted({name for group in nicknames.groups() for name in group})
    names = _tokens(GIVEN_NAMES) + rng.sample(in_lists, 600)
    typos = [typo(n, rng) for n in names for _ in range(2)]
    queries = sorted(set(names + typos + [n[0] for n in names] + [n[:3] for n in names]))
    recorded = sorted(set(names + [n[0] for n in names[:40]]))
    pairs = 0
    for q in rng.sample(queries, min(700, len(queries))):
        for c in recorded:
            _agree(q, c)
            pairs += 1
        # Many at a time: exactly the forms some probe could be similar to (a probe's word, its typos, an initial).
        probes = [q, typo(q, rng), q[0]]
        forms = rng.sample(recorded, 150)
        assert similar_first_names(probes, forms) == {c for c in forms if any(given_level(p, c)[0] >= 1 for p in probes)}, probes
        by_probe = similar_first_names_by_probe(probes, forms)  # each probe's own answer (the index remembers them)
        assert by_probe == {p: {c for c in forms if given_level(p, c)[0] >= 1} for p in probes}, probes
        assert similar_first_names_by_probe(probes, form_screen(forms)) == by_probe  # screened once, as a widely held key's
    assert pairs > 300_000  # a sample large enough that every branch is met many times


def test_the_branches_each_decide_some_pair():
    cases = {("j", "john"): True, ("j", "mary"): False, ("bill", "william"): True, ("wiliam", "william"): True,
             ("bil", "william"): True,  # a typing error in a short form (bill)
             ("chris", "christopher"): True, ("catherine", "kathryn"): True, ("ab", "ba"): True, ("mark", "zoe"): False, ("", "x"): False}
    for (q, c), expected in cases.items():
        assert given_could_be_similar(q, c) is expected, (q, c)
        _agree(q, c)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="abcdeijlmnorsty", min_size=1, max_size=9), st.sampled_from(_tokens(GIVEN_NAMES)))
def test_it_agrees_with_given_level_on_any_string(q, c):
    _agree(q, c)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="abcdeijlmnorsty", min_size=1, max_size=9), min_size=1, max_size=4),
       st.lists(st.sampled_from(_tokens(GIVEN_NAMES)), min_size=1, max_size=60))
def test_many_at_a_time_agrees_with_given_level_on_any_strings(probes, forms):
    assert similar_first_names(probes, forms) == {c for c in forms if any(given_level(p, c)[0] >= 1 for p in probes)}
    assert similar_first_names_by_probe(probes, forms) == {p: {c for c in forms if given_level(p, c)[0] >= 1} for p in probes}


def test_forms_screened_once_answer_every_probe_as_unscreened():
    """A widely held key screens its first names once (key_splits.Names.screen) and asks each new word typed of the
    screen: the same answer as screening them for that word, including a short form that two names share and a
    form repeated or empty."""
    forms = ["elizabeth", "elisabeth", "eliza", "william", "wilhelm", "john", "jon", "", "john"]
    screen = form_screen(forms)
    assert sorted(screen.forms) == sorted({"elizabeth", "elisabeth", "eliza", "william", "wilhelm", "john", "jon"})
    assert len(screen.alternatives) == len(screen.owner_of) > len(screen.forms)
    # Sorted by length, so a screen by typing errors reads only the lengths within its distance.
    assert [len(f) for f in screen.forms] == sorted(len(f) for f in screen.forms)
    assert screen.near_forms(4, 0) == ("john",) and set(screen.near_forms(4, 1)) == {"john", "jon", "eliza"}
    near, first = screen.near_alternatives(3, 0)
    assert near and all(len(alt) == 3 for alt in near) and screen.alternatives[first:first + len(near)] == near
    assert screen.near_forms(40, 2) == () and screen.near_forms(0, 0) == ()
    probes = ["liz", "lizzie", "bill", "wil", "jhon", "j", "zara", "beth"]
    assert similar_first_names_by_probe(probes, screen) == similar_first_names_by_probe(probes, forms)
    assert similar_first_names_by_probe(probes, screen) == {p: {c for c in set(forms) if c and given_level(p, c)[0] >= 1} for p in probes}
    assert similar_first_names_by_probe(["liz"], form_screen([])) == {"liz": set()}


def test_a_recorded_first_names_forms_are_its_words_and_them_joined():
    assert first_name_forms("Mary-Jane") == ("mary", "jane", "maryjane")
    assert first_name_forms("Siân") == ("sian",)
    assert first_name_forms("") == ()
