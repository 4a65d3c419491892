"""Rewrite every person's stored search keys after `matching.keys` changes what it emits (KEYS_VERSION).

Derived data, not audited (as `person_refresh_search_keys`). Works with the real models and with a migration's
historical ones (the same field names), so the data migration that follows a key change and
`manage.py rebuild_search_keys` share one definition. Only differences are written: a second run changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from safecontact import matching

CHUNK = 2000


def rebuild_search_keys(person_model: Any, key_model: Any, alias_model: Any, address_model: Any,
                        council_id: object | None = None) -> tuple[int, int, int]:
    """(people whose keys changed, keys added, keys removed)."""
    people = person_model.objects.order_by("pk")
    if council_id is not None:
        people = people.filter(council_id=council_id)
    changed = added = removed = 0
    ids = list(people.values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = person_model.objects.filter(pk__in=chunk).values_list("pk", "council_id", "given_names", "family_name", "date_of_birth",
                                                                     "merged_into_id")
        aliases: dict[object, list[tuple[str, str]]] = defaultdict(list)
        for pid, given, family in alias_model.objects.filter(person_id__in=chunk).values_list("person_id", "given_names", "family_name"):
            aliases[pid].append((given, family))
        places: dict[object, list[tuple[str, str, str, str, str]]] = defaultdict(list)
        for pid, *address in address_model.objects.filter(person_id__in=chunk).values_list(
                "person_id", "address__line1", "address__line2", "address__town", "address__postcode", "address__uprn"):
            places[pid].append(tuple(address))  # type: ignore[arg-type]
        existing: dict[object, set[str]] = defaultdict(set)
        for pid, key in key_model.objects.filter(person_id__in=chunk).values_list("person_id", "key"):
            existing[pid].add(key)
        new_rows = []
        for pid, council, given, family, dob, merged_into in rows:
            addresses = places[pid]
            candidate = matching.Candidate(
                person_id=pid, given_names=given, family_name=family, aliases=aliases[pid], date_of_birth=dob,
                postcodes=[a[3] for a in addresses if a[3]], address_lines=[", ".join(p for p in a[:3] if p) for a in addresses],
                uprns=[a[4] for a in addresses if a[4]])
            keys = set() if merged_into else {k[:80] for k in matching.candidate_keys(candidate)}
            stale, missing = existing[pid] - keys, keys - existing[pid]
            if stale:
                key_model.objects.filter(person_id=pid, key__in=stale).delete()
            new_rows += [key_model(council_id=council, person_id=pid, key=k) for k in sorted(missing)]
            changed += bool(stale or missing)
            added, removed = added + len(missing), removed + len(stale)
        key_model.objects.bulk_create(new_rows, batch_size=5000)
    return changed, added, removed
