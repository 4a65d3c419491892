"""A worker's in-memory index of the live register's people: which people share a search key with a check,
and each one's Candidate for the scorer. It answers exactly what the database query in `matcher` answers
(the tests compare the two), without three round trips and a few thousand ORM rows per check.

Safety: an index is used only while the register version token it was built under is still its council's
token in the database (read in the check's own transaction, see register_version.py); otherwise it is brought
up to date first. Each council has its own token and index, so a change in one council touches no other's. The
index only proposes candidates: the measures shown are always read from the database afterwards.

Bringing it up to date (issue 16): the change log names the people changed since the index's position, and only
their rows are read again, into a patched copy (readers in other threads keep the index they hold, never a
half-patched one). Whole rebuilds happen when the index's own log row is gone (trimmed, or it was built inside
a transaction that rolled back: its row never committed, or carries another token), the change is large, the
every-council token changed (triggers reinstalled) or the day changed (interim markers lapse at midnight).
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection, connections
from django.db.models import Aggregate, CharField, Value
from django.utils import timezone

from safecontact import matching
from safecontact.accounts.models import Organisation
from safecontact.checks import key_splits, register_version
from safecontact.checks.key_splits import Births, Names, births_of, by_name, by_surname, date_of, names_of
from safecontact.checks.models import RegisterChange
from safecontact.checks.sharded_map import ShardedMap
from safecontact.people.matching_records import candidates_from_values
from safecontact.people.models import PersonSearchKey
from safecontact.register.models import Measure, live_filter

logger = logging.getLogger(__name__)

PersonRow = key_splits.PersonRow

# Past these a whole rebuild is cheaper than patching (and reading the log rows themselves costs time).
DELTA_MAX_PEOPLE = 2000
DELTA_MAX_ROWS = 20000
# A key held by more people than this is split by date of birth the first time a check needs it (hits_near).
SPLIT_KEYS_FROM = 200


@dataclass(frozen=True)
class LiveRegisterIndex:
    token: str
    people_by_key: Mapping[str, tuple[object, ...]]  # a ShardedMap (a dict given is made one)
    people: dict[object, PersonRow]
    candidates: dict[object, matching.Candidate]
    premises_places: frozenset[str]  # postcodes and UPRNs of the premises of live measures
    keys_of: Mapping[object, tuple[str, ...]] = field(default_factory=dict)  # each person's keys, to patch them out (a ShardedMap)
    council_token: str = ""  # the council's part of `token`, as its change-log row carries it
    position: int = 0  # the id of the newest change-log row this index includes
    # Widely held keys split by date of birth (hits_near), surname (hits_alike) and name (hits_named), made on first
    # use or all at once when a worker warms up (split_widely_held). Caches that threads may add to; an entry, once
    # there, never changes.
    split_keys: dict[str, Births] = field(default_factory=dict, compare=False, repr=False)
    surname_groups: dict[str, dict[str, tuple[object, ...]]] = field(default_factory=dict, compare=False, repr=False)  # hits_alike
    name_groups: dict[str, Names] = field(default_factory=dict, compare=False, repr=False)  # hits_named

    def __post_init__(self) -> None:
        for name in ("people_by_key", "keys_of"):
            if not isinstance(getattr(self, name), ShardedMap):
                object.__setattr__(self, name, ShardedMap(getattr(self, name)))

    def has_premises(self, postcode: str | None, uprn: str | None) -> bool:
        """Whether a live measure is on premises with this postcode or UPRN: the matcher's premises filter
        (exact equality, as in SQL) answered from memory."""
        return bool((postcode and postcode in self.premises_places) or (uprn and uprn in self.premises_places))

    def hits(self, keys: set[str]) -> list[tuple[object, str]]:
        """(person, key) for each live person holding one of the keys: the rows the database query returns."""
        return [(pk, key) for key in keys for pk in self.people_by_key.get(key, ())]

    def hits_alike(self, keys: set[str], alike: Callable[[str], bool]) -> list[tuple[object, str]]:
        """`hits`, except that of a key held by more than SPLIT_KEYS_FROM people only the holders whose recorded
        surname is `alike` come back, each surname asked once. For the first-name group and initials keys
        ("everyone called William"), which `matcher._narrow` keeps only for people whose surname is close to a word
        of the query unless another key of theirs is shared, which brings them in on its own (issue 16)."""
        def groups(key: str, holders: tuple[object, ...]) -> Iterable[tuple[object, ...]]:
            surnames = self.surname_groups.get(key)
            if surnames is None:  # first use in this index; patched copies keep those of untouched keys
                surnames = self.surname_groups[key] = by_surname(holders, self.people)
            return (group for surname, group in surnames.items() if alike(surname))

        return self._hits_of_split_keys(keys, groups)

    def hits_near(self, keys: set[str], dob: date) -> list[tuple[object, str]]:
        """`hits`, except that of a key held by more than SPLIT_KEYS_FROM people only the holders whose recorded
        date of birth could agree with `dob` come back: none recorded, the same year, the same day of the month,
        or that day being `dob`'s month (a day/month swap). The others are the people `matcher._narrow` drops on
        their dates alone, unless a place is shared, so the matcher asks this only for keys that are not places and
        when no address, phone or email was typed. A check about "John Smith" with a date of birth then reads the
        few hundred Smiths born that year or on that day, not every Smith (issue 16: the part of a check's cost that
        grew with the register). A holder may come back twice; `_narrow` counts each person once."""
        def groups(key: str, holders: tuple[object, ...]) -> Iterable[tuple[object, ...]]:
            births = self.split_keys.get(key)
            if births is None:  # first use in this index; patched copies keep those of untouched keys
                births = self.split_keys[key] = births_of(holders, self.people)
            return (births.undated, births.by_year.get(dob.year, ()), births.by_day.get(dob.day, ()),
                    births.by_day.get(dob.month, ()) if dob.month != dob.day else ())

        return self._hits_of_split_keys(keys, groups)

    def hits_named(self, keys: set[str], given_passing: Callable[[Names], Container[str]],
                   family_alike: Callable[[str], bool] | None) -> list[tuple[object, str]]:
        """`hits`, except that of a key held by more than SPLIT_KEYS_FROM people only the holders with a recorded name
        (or alias) whose first name is among `given_passing` of the key's first names or whose surname is
        `family_alike` come back, each name asked once. For a check with neither a date of birth nor an address
        typed, where `matcher._narrow` leaves every holder of a surname key who shares no place to the name alone
        (`_named_alike`): "Thomas Rees" then reads the Reeses whose first name could be Thomas, not all 1,700 people
        who sound like Rees (issue 16)."""
        def groups(key: str, holders: tuple[object, ...]) -> Iterable[tuple[object, ...]]:
            names = self.name_groups.get(key)
            if names is None:  # first use in this index; patched copies keep those of untouched keys
                names = self.name_groups[key] = by_name(holders, self.candidates)
            passing = given_passing(names)  # the key's first names, judged together (and remembered in `names`)
            found = [group for given, group in names.by_given.items() if given in passing]
            if family_alike is not None:
                found += [group for family, group in names.by_family.items() if family_alike(family)]
            return found

        return self._hits_of_split_keys(keys, groups)

    def split_widely_held(self) -> int:
        """Make every widely held key's splits now (hits_near, hits_alike, hits_named make them on first use): for a
        worker warming up, so that its first checks do not pay for them. Returns how many keys were split."""
        split = 0
        for key, holders in self.people_by_key.items():  # type: ignore[attr-defined]
            if len(holders) <= SPLIT_KEYS_FROM or key.startswith(key_splits.PLACE_KEY_PREFIXES):  # places are read whole
                continue
            split += 1
            if not key.startswith(key_splits.SPECIFIC_KEY_PREFIXES):  # a broad key: first-name group or initials
                self.surname_groups.setdefault(key, by_surname(holders, self.people))
                continue
            self.split_keys.setdefault(key, births_of(holders, self.people))
            if not key.startswith("dob:"):  # a check with a date key has a date: never read by name
                self.name_groups.setdefault(key, by_name(holders, self.candidates))
        return split

    def _hits_of_split_keys(self, keys: set[str],
                            groups: Callable[[str, tuple[object, ...]], Iterable[tuple[object, ...]]]) -> list[tuple[object, str]]:
        """`hits`, with the holders of each key held by more than SPLIT_KEYS_FROM people given by `groups`."""
        out: list[tuple[object, str]] = []
        for key in keys:
            holders = self.people_by_key.get(key, ())
            for group in (holders,) if len(holders) <= SPLIT_KEYS_FROM else groups(key, holders):
                out += [(pk, key) for pk in group]
        return out

def key_rows(council: Organisation, keys: set[str] | None = None, people: Iterable[object] | None = None):  # type: ignore[no-untyped-def]
    """Search keys of people with a live measure (all of them, or those among `keys`, or of `people`), with each
    person's names and date of birth. The one definition of "a candidate" for the index (whole or patched) and
    the direct query."""
    live = Measure.objects.filter(live_filter(timezone.localdate()), council=council, person__isnull=False).order_by().values("person_id")
    rows = PersonSearchKey.objects.filter(council=council, person_id__in=live, person__merged_into__isnull=True)
    if keys is not None:
        rows = rows.filter(key__in=keys)
    if people is not None:
        rows = rows.filter(person_id__in=list(people))
    return rows.order_by().values_list("person_id", "key", "person__given_names", "person__family_name", "person__date_of_birth")


class _JoinedKeys(Aggregate):
    """A person's search keys in one string: string_agg on PostgreSQL, group_concat on SQLite."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def]
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


KEY_SEPARATOR = "\x1f"  # the ASCII unit separator: no search key contains it


def person_rows(council: Organisation):  # type: ignore[no-untyped-def]
    """key_rows grouped by person: (person, keys joined by KEY_SEPARATOR, names, date of birth). A whole build reads
    one row per person instead of one per key (about 7 times fewer rows to fetch and convert: issue 16)."""
    return (key_rows(council).values("person_id", "person__given_names", "person__family_name", "person__date_of_birth")
            .annotate(keys=_JoinedKeys("key", Value(KEY_SEPARATOR)))
            .values_list("person_id", "keys", "person__given_names", "person__family_name", "person__date_of_birth"))


def _premises_places(council: Organisation) -> frozenset[str]:
    places = Measure.objects.filter(live_filter(timezone.localdate()), council=council, premises__isnull=False).values_list(
        "premises__postcode", "premises__uprn")
    return frozenset(v for pair in places for v in pair if v)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Building allocates hundreds of thousands of small objects, none of them garbage: the collector's passes
    over them were 65 % of a rebuild (issue 16). Paused, not frozen: a replaced index must still be freed."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build(council: Organisation, token: str, council_token: str = "", position: int = 0) -> LiveRegisterIndex:
    by_key: dict[str, list[object]] = {}
    keys_of: dict[object, tuple[str, ...]] = {}
    people: dict[object, PersonRow] = {}
    with _gc_paused():
        for person_id, joined, given, family, dob in person_rows(council).iterator(chunk_size=5000):
            keys = keys_of[person_id] = tuple(joined.split(KEY_SEPARATOR))
            for key in keys:
                by_key.setdefault(key, []).append(person_id)
            people[person_id] = (given, family, dob)
        candidates = {c.person_id: c for c in candidates_from_values(people)}
        return LiveRegisterIndex(token=token, people_by_key={k: tuple(v) for k, v in by_key.items()}, people=people,
                                 candidates=candidates, premises_places=_premises_places(council), keys_of=keys_of,
                                 council_token=council_token, position=position)


def changes_since(council: Organisation, index: LiveRegisterIndex, version: register_version.Version) -> tuple[set[object], bool] | None:
    """The people changed (and whether premises changed) between the index's position and the version's, or
    None when the index cannot be patched: its own log row is gone or carries another token (trimmed, or the
    index was built inside a transaction that rolled back), or the change is too large to be worth patching."""
    if not index.position or version.position < index.position:
        return None
    rows = list(RegisterChange.objects.filter(council_id=council.pk, id__gte=index.position, id__lte=version.position)
                .order_by("id").values_list("id", "person_id", "premises", "token")[:DELTA_MAX_ROWS + 1])
    if not rows or len(rows) > DELTA_MAX_ROWS or rows[0][0] != index.position or rows[0][3] != index.council_token:
        return None
    if rows[-1][0] != version.position or rows[-1][3] != version.council_token:
        return None  # the version row and the log disagree: trust neither for a patch
    people: set[object] = {person for _id, person, _premises, _token in rows[1:] if person is not None}
    if len(people) > DELTA_MAX_PEOPLE:
        return None
    return people, any(premises for _id, _person, premises, _token in rows[1:])


def patched(council: Organisation, index: LiveRegisterIndex, people: set[object], premises: bool, token: str,
            council_token: str, position: int) -> LiveRegisterIndex:
    """A copy of the index with the changed people's rows read again (those no longer live drop out) and, if
    premises changed, the premises places. The given index is not touched: other threads may be reading it."""
    fresh: dict[object, PersonRow] = {}
    fresh_keys: dict[object, list[str]] = {}
    if people:
        for person_id, key, given, family, dob in key_rows(council, people=people):
            fresh_keys.setdefault(person_id, []).append(key)
            fresh[person_id] = (given, family, dob)
    key_changes: dict[str, tuple[object, ...] | None] = {}  # None: no holder left
    keys_changes: dict[object, tuple[str, ...] | None] = {}
    rows = dict(index.people)
    candidates = dict(index.candidates)

    def holders_of(key: str) -> tuple[object, ...]:
        return (key_changes[key] or ()) if key in key_changes else index.people_by_key.get(key, ())

    for pk in people:
        # Only the keys the person gained or lost are touched (a person's keys are unique: people.PersonSearchKey).
        old, new = set(index.keys_of.get(pk, ())), set(fresh_keys.get(pk, ()))
        for key in old - new:
            holders = holders_of(key)
            if pk in holders:
                at = holders.index(pk)
                key_changes[key] = (holders[:at] + holders[at + 1:]) or None
        for key in new - old:
            key_changes[key] = (*holders_of(key), pk)
        keys_changes[pk] = tuple(fresh_keys[pk]) if pk in fresh_keys else None
        rows.pop(pk, None)
        candidates.pop(pk, None)
    rows.update(fresh)
    fresh_candidates = {c.person_id: c for c in candidates_from_values(fresh)}
    candidates.update(fresh_candidates)
    # A split of a key is made again on first use if its holders changed or if what it is split by changed for one
    # of them: births by date of birth, surname groups and names by name (aliases included). Else it is kept, with
    # the typed words its first names were screened against: under one change a second, dropping every split a
    # changed person's keys had made the next checks on those widely held keys pay for them again (issue 16).
    def held_by(changed: Iterable[object]) -> set[str]:
        return {key for pk in changed for key in (*index.keys_of.get(pk, ()), *fresh_keys.get(pk, ()))}

    renamed = held_by(pk for pk in people if names_of(index.candidates.get(pk)) != names_of(fresh_candidates.get(pk))) | set(key_changes)
    redated = held_by(pk for pk in people if date_of(index.people.get(pk)) != date_of(fresh.get(pk))) | set(key_changes)
    split_keys = {key: births for key, births in dict(index.split_keys).items() if key not in redated}
    surname_groups = {key: groups for key, groups in dict(index.surname_groups).items() if key not in renamed}
    name_groups = {key: names for key, names in dict(index.name_groups).items() if key not in renamed}
    places = _premises_places(council) if premises else index.premises_places
    return LiveRegisterIndex(token=token, people_by_key=index.people_by_key.with_changes(key_changes),  # type: ignore[attr-defined]
                             people=rows, candidates=candidates, premises_places=places,
                             keys_of=index.keys_of.with_changes(keys_changes),  # type: ignore[attr-defined]
                             council_token=council_token, position=position, split_keys=split_keys, surname_groups=surname_groups,
                             name_groups=name_groups)


def _brought_up_to_date(council: Organisation, index: LiveRegisterIndex | None, version: register_version.Version,
                        token: str) -> LiveRegisterIndex:
    # Only the council's part of the token may differ: a new day or a new every-council token rebuilds whole.
    if index is not None and index.token.split(":", 1)[1:] == token.split(":", 1)[1:]:
        delta = changes_since(council, index, version)
        if delta is not None:
            return patched(council, index, *delta, token=token, council_token=version.council_token, position=version.position)
    return build(council, token, version.council_token, version.position)


MAX_INDEXES = 32  # councils a worker keeps an index for (a shared service has a handful)
_cache_lock = threading.Lock()  # held only to change the dict below, never while building
_indexes: dict[tuple[str, object], LiveRegisterIndex] = {}
_building: dict[tuple[str, object], threading.Lock] = {}  # one per council: who is building its index


def index_for(council: Organisation, version: register_version.Version | None = None) -> LiveRegisterIndex | None:
    """The current index for the council, patched or rebuilt if its register changed; None when the index is
    switched off (`SAFECONTACT_CHECK_INDEX`), the database cannot vouch for it (a trigger missing), or another
    thread is updating it (the check then queries the database: it never waits, never answers from an old index).
    `version`: the council's register version, when the check has just read it (before any of its data); else read
    here."""
    if not getattr(settings, "SAFECONTACT_CHECK_INDEX", True):
        return None
    if version is None:
        version = register_version.read(connection, council.pk)
    if version is None:
        return None
    # The day is part of the token: an interim marker lapses at midnight without any row changing (issue 11).
    token = f"{version.token}:{timezone.localdate().isoformat()}"
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
            index = _brought_up_to_date(council, index, version, token)
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


def warm() -> int:
    """Build the index of every council with register entries (at most MAX_INDEXES), for a worker that has just
    started; returns how many. Requests meanwhile use the database path (index_for never waits)."""
    councils = Organisation.objects.filter(pk__in=Measure.objects.order_by().values("council_id").distinct())
    started = time.perf_counter()
    built = 0
    for council in councils[:MAX_INDEXES]:
        try:
            index = index_for(council)
            if index is not None:
                built += 1
                index.split_widely_held()
        except Exception:  # a failed warm-up costs only speed: the first check builds it again
            logger.exception("Warming the register index of council %s failed", council.pk)
    if built and getattr(settings, "SAFECONTACT_GC_FREEZE_AFTER_WARM", True):
        # The indexes are long-lived and hold no reference cycles: moved out of the collector's sight, a full
        # collection no longer walks hundreds of thousands of their objects in the middle of some request (at
        # 50,000 entries one took 0.4-0.5 s). Refcounting still frees an index once it is replaced.
        gc.collect()
        gc.freeze()
    logger.info("Register index warmed for %d councils in %.1f s", built, time.perf_counter() - started)
    return built


def warm_in_background() -> threading.Thread:
    """warm() in a thread of its own (with its own database connection, closed after), so a starting worker
    takes requests at once. Called by the gunicorn config's post_worker_init hook."""
    def run() -> None:
        try:
            warm()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="register-index-warm", daemon=True)
    thread.start()
    return thread
