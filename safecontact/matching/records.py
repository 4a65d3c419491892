"""Plain dataclasses passed to and returned by the scorer (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Tier = Literal["strong", "weak", "none"]
TIER_ORDER: dict[str, int] = {"none": 0, "weak": 1, "strong": 2}


@dataclass
class Candidate:
    """A person on the register, as the scorer sees them."""

    person_id: object = None
    given_names: str = ""
    family_name: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)
    date_of_birth: date | None = None
    approx_birth_year: int | None = None
    postcodes: list[str] = field(default_factory=list)
    address_lines: list[str] = field(default_factory=list)
    uprns: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)  # contact points: exact supporting evidence (contact.py)
    emails: list[str] = field(default_factory=list)


@dataclass
class Query:
    """What a member of staff typed.  Either ``name`` (one box, any order,
    "Smith, John" allowed) or ``given``/``family`` separately."""

    name: str = ""
    date_of_birth: date | None = None
    postcode: str | None = None
    address: str | None = None
    uprn: str | None = None
    given: str | None = None
    family: str | None = None
    phone: str | None = None
    email: str | None = None

    @property
    def has_name(self) -> bool:
        return bool((self.name or "").strip() or (self.given or "").strip() or (self.family or "").strip())


@dataclass
class Premises:
    """An address-only hazard (no named person)."""

    premises_id: object = None
    address: str = ""
    postcode: str | None = None
    uprn: str | None = None


@dataclass
class MatchResult:
    tier: Tier
    score: float
    reasons: list[str] = field(default_factory=list)
    name_agrees: bool = False
    name_similar: bool = False
    dob_agrees: bool = False
    dob_conflicts: bool = False
    address_agrees: bool = False
    uprn_agrees: bool = False
    postcode_agrees: bool = False
    person_id: object = None
    contact_agrees: bool = False

    @property
    def explanation(self) -> str:
        """The reasons as one sentence: "surname sounds the same, date of birth agrees"."""
        return ", ".join(self.reasons)

    @property
    def precautions_apply(self) -> bool:
        return self.tier == "strong"

    @property
    def possible_match(self) -> bool:
        return self.tier == "weak"


def best_tier(results) -> Tier:
    """The strongest tier among results ("none" for no results)."""
    best: Tier = "none"
    for r in results:
        tier = r.tier if isinstance(r, MatchResult) else r
        if TIER_ORDER[tier] > TIER_ORDER[best]:
            best = tier
    return best
