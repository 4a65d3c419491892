"""How addresses are listed: in natural order (house numbers as numbers: 1, 3, 11, not 1, 11, 3) and once per
property. Pure functions over Address rows, the same on SQLite and PostgreSQL (sorting happens in Python on the
few hundred rows of one postcode or one person; a database collation would differ between the two).

One property, one line: rows with the same UPRN are the same property; a typed address without a UPRN whose
first line and postcode read the same as a row with a UPRN is that property typed by hand. The row from the
gazetteer (or the one with the UPRN) is the one kept."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

_NUMBER = re.compile(r"(\d+)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


class AddressLike(Protocol):
    uprn: str
    line1: str
    line2: str
    town: str
    postcode: str
    from_gazetteer: bool


A = TypeVar("A", bound=AddressLike)


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """'Flat 11, 3 High Street' sorts after 'Flat 2, 3 High Street': digits compare as numbers, words without case.
    Each part is tagged (0 for a number, 1 for words) so a number and a word never compare with each other."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(text.casefold().strip()) if part)


_FLAT_THEN_HOUSE = re.compile(r"^(?:(?P<flat>(?:flat|apartment|unit|room)\s+\w+),?\s+)?(?P<number>\d+[a-z]?)\s+(?P<street>.+)$")


def address_sort_key(address: AddressLike) -> tuple[object, ...]:
    """By street, then house number, then flat: '12 Mill Lane' < 'Flat 2, 14 Mill Lane' < '1 Other Road'. The house
    number and street come from the first line, or from the second when the first names a flat or a building."""
    line1, line2 = address.line1.casefold().strip(), address.line2.casefold().strip()
    flat, number, street = "", "", line1
    if match := _FLAT_THEN_HOUSE.match(line1):
        flat, number, street = match["flat"] or "", match["number"], match["street"]
    elif match := _FLAT_THEN_HOUSE.match(line2):
        flat, number, street = line1, match["number"], match["street"]
    return (natural_key(street), natural_key(number), natural_key(flat), natural_key(line1), natural_key(line2),
            address.postcode)


def _text_key(address: AddressLike) -> tuple[str, str]:
    return (_NOT_WORD.sub(" ", address.line1.casefold()).strip(), address.postcode.replace(" ", "").upper())


def distinct_addresses(addresses: Iterable[A]) -> list[A]:
    """One row per property, in the order given: the gazetteer's (or a UPRN's) row wins over a typed duplicate."""
    rows = list(addresses)
    ranked = sorted(range(len(rows)), key=lambda i: (not rows[i].uprn, not rows[i].from_gazetteer, i))
    kept: set[int] = set()
    seen_uprns: set[str] = set()
    seen_text: set[tuple[str, str]] = set()
    for i in ranked:
        row = rows[i]
        if row.uprn and row.uprn in seen_uprns:
            continue
        text = _text_key(row)
        if not row.uprn and text in seen_text:
            continue
        if row.uprn:
            seen_uprns.add(row.uprn)
        seen_text.add(text)
        kept.add(i)
    return [row for i, row in enumerate(rows) if i in kept]


def addresses_in_order(addresses: Iterable[A]) -> list[A]:
    """Distinct, in natural order: what every address list shows."""
    return sorted(distinct_addresses(addresses), key=address_sort_key)


def same_property(first: AddressLike, second: AddressLike) -> bool:
    if first.uprn and second.uprn:
        return first.uprn == second.uprn
    return _text_key(first) == _text_key(second)



@dataclass
class AddressPeriod:
    """One line of a person's addresses over time (what the person page shows)."""

    address: Any
    from_date: date | None
    to_date: date | None
    is_correspondence: bool
    verified_on: date | None


def _overlap(a: AddressPeriod, b: Any) -> bool:
    return (a.from_date or date.min) <= (b.to_date or date.max) and (b.from_date or date.min) <= (a.to_date or date.max)


def address_history(links: Iterable[Any]) -> list[AddressPeriod]:
    """A person's address links (PersonAddress), current first, with the same property over overlapping periods shown
    once (a typed address and the gazetteer's for the same UPRN); living somewhere twice, years apart, stays two lines."""
    ordered = sorted(links, key=lambda link: (not link.address.uprn, not link.address.from_gazetteer))
    periods: list[AddressPeriod] = []
    for link in ordered:
        same = next((p for p in periods if same_property(p.address, link.address) and _overlap(p, link)), None)
        if same is None:
            periods.append(AddressPeriod(link.address, link.from_date, link.to_date, link.is_correspondence, link.verified_on))
            continue
        same.from_date = None if None in (same.from_date, link.from_date) else min(same.from_date, link.from_date)  # type: ignore[type-var]
        same.to_date = None if None in (same.to_date, link.to_date) else max(same.to_date, link.to_date)  # type: ignore[type-var]
        same.is_correspondence = same.is_correspondence or link.is_correspondence
        same.verified_on = max((d for d in (same.verified_on, link.verified_on) if d), default=None)
    return sorted(periods, key=lambda p: (p.to_date is not None, -(p.to_date or p.from_date or date.min).toordinal()))


__all__: Sequence[str] = ["AddressPeriod", "address_history", "address_sort_key", "addresses_in_order", "distinct_addresses",
                        "natural_key", "same_property"]
