"""A worker's in-memory index of the live register's people: which people share a search key with a check,
and each one's Candidate for the scorer. It answers exactly what the database query in `matcher` answers
(the tests compare the two), without three round trips and a few thousand ORM rows per check.

Safety: an index is used only while the register version token it was built under is still its council's
token in the database (read in the check's own transaction, see register_version.py); otherwise it is rebuilt
first. Each council has its own token and index, so a change in one council rebuilds no other's. The
index only proposes candidates: the measures shown are always read from the database afterwards.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection
from django.utils import timezone

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.checks import register_version
from safecontact.people.matching_records import candidates_from_values
from safecontact.people.models import PersonSearchKey
from safecontact.register.models import Measure, live_filter

PersonRow = tuple[str, str, date | None]


@dataclass(frozen=True)
class LiveRegisterIndex:
    token: str
    people_by_key: dict[str, tuple[object, ...]]
    people: dict[object, PersonRow]
    candidates: dict[object, matching.Candidate]
    premises_places: frozenset[str]  # postcodes and UPRNs of the premises of live measures

    def has_premises(self, postcode: str | None, uprn: str | None) -> bool:
        """Whether a live measure is on premises with this postcode or UPRN: the matcher's premises filter
        (exact equality, as in SQL) answered from memory."""
        return bool((postcode and postcode in self.premises_places) or (uprn and uprn in self.premises_places))

    def hits(self, keys: set[str]) -> list[tuple[object, str]]:
        """(person, key) for each live person holding one of the keys: the rows the database query returns."""
        return [(pk, key) for key in keys for pk in self.people_by_key.get(key, ())]


def key_rows(council: Organisation, keys: set[str] | None = None):  # type: ignore[no-untyped-def]
    """Search keys of people with a live measure (all of them, or those among `keys`), with each person's
    names and date of birth. The one definition of "a candidate" for both the index and the direct query."""
    live = Measure.objects.filter(live_filter(timezone.localdate()), council=council, person__isnull=False).order_by().values("person_id")
    rows = PersonSearchKey.objects.filter(council=council, person_id__in=live, person__merged_into__isnull=True)
    if keys is not None:
        rows = rows.filter(key__in=keys)
    return rows.order_by().values_list("person_id", "key", "person__given_names", "person__family_name", "person__date_of_birth")


def build(council: Organisation, token: str) -> LiveRegisterIndex:
    by_key: dict[str, list[object]] = {}
    people: dict[object, PersonRow] = {}
    for person_id, key, given, family, dob in key_rows(council).iterator(chunk_size=5000):
        by_key.setdefault(key, []).append(person_id)
        people[person_id] = (given, family, dob)
    candidates = {c.person_id: c for c in candidates_from_values(people)}
    places = Measure.objects.filter(live_filter(timezone.localdate()), council=council, premises__isnull=False).values_list(
        "premises__postcode", "premises__uprn")
    return LiveRegisterIndex(token=token, people_by_key={k: tuple(v) for k, v in by_key.items()}, people=people,
                             candidates=candidates, premises_places=frozenset(v for pair in places for v in pair if v))


MAX_INDEXES = 32  # councils a worker keeps an index for (a shared service has a handful)
_cache_lock = threading.Lock()  # held only to change the dict below, never while building
_indexes: dict[tuple[str, object], LiveRegisterIndex] = {}
_building: dict[tuple[str, object], threading.Lock] = {}  # one per council: who is building its index


def index_for(council: Organisation) -> LiveRegisterIndex | None:
    """The current index for the council, rebuilt if its register changed; None when the index is switched
    off (`SAFECONTACT_CHECK_INDEX`), the database cannot vouch for it (a trigger missing), or another thread
    is building it (the check then queries the database: it never waits, never answers from an old index)."""
    if not getattr(settings, "SAFECONTACT_CHECK_INDEX", True):
        return None
    token = register_version.current(connection, council.pk)
    if token is None:
        return None
    # The day is part of the token: an interim marker lapses at midnight without any row changing (issue 11).
    token = f"{token}:{timezone.localdate().isoformat()}"
    cache_key = (connection.settings_dict["NAME"], council.pk)
    index = _indexes.get(cache_key)
    if index is not None and index.token == token:
        return index
    with _cache_lock:
        building = _building.setdefault(cache_key, threading.Lock())
    if not building.acquire(blocking=False):
        return None
    try:
        index = _indexes.get(cache_key)
        if index is None or index.token != token:
            index = build(council, token)
            with _cache_lock:
                _indexes.pop(cache_key, None)
                _indexes[cache_key] = index
                while len(_indexes) > MAX_INDEXES:  # the least recently built goes first
                    evicted = next(iter(_indexes))
                    del _indexes[evicted]
                    _building.pop(evicted, None)
    finally:
        building.release()
    return index
