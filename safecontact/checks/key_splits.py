"""A widely held key's holders, regrouped by what decides whether a check needs them (issue 16): the register
index (register_index.py) makes these for keys held by more than SPLIT_KEYS_FROM people and reads only the groups a
check could match (hits_near, hits_alike, hits_named)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from safecontact import matching
from safecontact.matching.first_names import FormScreen, first_name_forms, form_screen

PersonRow = tuple[str, str, date | None]

# What a search key says (matching/keys.py), for the matcher's narrowing and for which keys the index splits how:
# a surname, date of birth or place key is specific; first-name group and initials keys are broad; places are
# read whole, never split.
SPECIFIC_KEY_PREFIXES = ("fam:", "fny:", "dob:", "pc:", "uprn:")
PLACE_KEY_PREFIXES = ("pc:", "uprn:")  # a postcode or UPRN shared: the place may agree, whatever the name and date


@dataclass(frozen=True)
class Births:
    """A widely held key's holders by recorded birth year, by day of the month, and those with no date recorded."""

    by_year: dict[int, tuple[object, ...]]
    by_day: dict[int, tuple[object, ...]]
    undated: tuple[object, ...]


def by_surname(holders: tuple[object, ...], people: dict[object, PersonRow]) -> dict[str, tuple[object, ...]]:
    """A widely held key's holders by recorded surname."""
    groups: dict[str, list[object]] = {}
    for pk in holders:
        groups.setdefault(people[pk][1], []).append(pk)
    return {surname: tuple(pks) for surname, pks in groups.items()}


@dataclass(frozen=True)
class Names:
    """A widely held key's holders by each recorded first name and surname, aliases included (hits_named); each first
    name's forms (what a query word is compared with) read the other way — the first names each form is in — and all
    of them screened once (`matching.first_names`); and which of those first names each query word typed so far
    could be similar to (`passing`, filled by the matcher's
    name test: a typed first name recurs from check to check; the key's names never change in this object)."""

    by_given: dict[str, tuple[object, ...]]
    by_family: dict[str, tuple[object, ...]]
    by_form: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    unnamed: frozenset[str] = field(default=frozenset(), compare=False, repr=False)  # recorded with no first name
    screen: FormScreen = field(default_factory=lambda: form_screen(()), compare=False, repr=False)
    passing: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)


def by_name(holders: tuple[object, ...], candidates: dict[object, matching.Candidate]) -> Names:
    by_given: dict[str, list[object]] = {}
    by_family: dict[str, list[object]] = {}
    for pk in holders:
        c = candidates[pk]
        for given, family in [(c.given_names, c.family_name), *(c.aliases or [])]:
            by_given.setdefault(given or "", []).append(pk)
            by_family.setdefault(family or "", []).append(pk)
    by_form: dict[str, list[str]] = {}
    unnamed = []
    for given in by_given:
        forms = first_name_forms(given)
        if not forms:
            unnamed.append(given)
        for form in forms:
            by_form.setdefault(form, []).append(given)
    return Names({k: tuple(v) for k, v in by_given.items()}, {k: tuple(v) for k, v in by_family.items()},
                 by_form={k: tuple(v) for k, v in by_form.items()}, screen=form_screen(by_form), unnamed=frozenset(unnamed))


def births_of(holders: tuple[object, ...], people: dict[object, PersonRow]) -> Births:
    by_year: dict[int, list[object]] = {}
    by_day: dict[int, list[object]] = {}
    undated = []
    for pk in holders:
        dob = people[pk][2]
        if dob is None:
            undated.append(pk)
        else:
            by_year.setdefault(dob.year, []).append(pk)
            by_day.setdefault(dob.day, []).append(pk)
    return Births({k: tuple(v) for k, v in by_year.items()}, {k: tuple(v) for k, v in by_day.items()}, tuple(undated))


def names_of(candidate: matching.Candidate | None) -> tuple[object, ...] | None:
    """What the name splits (by_name, by_surname) read of a person: names and aliases; None if not in the index. A
    patched index keeps a key's name splits while this is unchanged for every changed holder (register_index)."""
    if candidate is None:
        return None
    return candidate.given_names, candidate.family_name, tuple(tuple(alias) for alias in candidate.aliases or ())


def date_of(row: PersonRow | None) -> object:
    """What births_of reads of a person (a patched index keeps a key's births while it is unchanged)."""
    return "not in the index" if row is None else row[2]
