"""Equality monitoring figures (R77): counts per group only, with small numbers withheld, to see whether entries and
contact restrictions fall unevenly on any group. Never a list of people with their answers.

The population is everyone with answers recorded. For each group: how many people, how many of them have a live
register entry, how many a contact restriction in force, and those as a share of the group beside the share for
everyone recorded. Withholding, as the FOI-safe figures do (governance.charts.suppress):
- a count of 1 to 4 is printed "fewer than 5" (primary);
- where exactly one group of a question is withheld, the next smallest group is withheld too ("withheld"), because the
  groups of a question add up to the total printed for everyone, and one missing number could be worked out;
- a share is printed only when both its numbers are printed, since a share and one of them give the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from safecontact.accounts.models import Organisation
from safecontact.equality.models import CHARACTERISTICS, EqualityRecord, question
from safecontact.governance.charts import SMALL_NUMBER_THRESHOLD, suppress
from safecontact.governance.selectors_report import live_at
from safecontact.people.models import Person
from safecontact.register.models import Measure

NOT_KNOWN = "Not asked or not known"
WITHHELD = "withheld"
COLUMNS = ("people", "entries", "restrictions")


def record_for(*, council: Organisation, person: Person) -> EqualityRecord | None:
    return EqualityRecord.objects.filter(council=council, person=person).first()


def answers_of(record: EqualityRecord) -> dict[str, str]:
    return {name: getattr(record, name) for name in CHARACTERISTICS}


@dataclass(frozen=True)
class GroupRow:
    label: str
    people: str
    entries: str
    entry_share: str
    restrictions: str
    restriction_share: str
    entry_compared: str = ""
    restriction_compared: str = ""


@dataclass(frozen=True)
class CharacteristicTable:
    name: str
    rows: list[GroupRow]


@dataclass(frozen=True)
class EqualityFigures:
    as_at: date
    overall: GroupRow
    tables: list[CharacteristicTable]

    @property
    def is_empty(self) -> bool:
        return self.overall.people == "0"


def _small(count: int) -> bool:
    return 0 < count < SMALL_NUMBER_THRESHOLD


def _withheld_cells(groups: list[dict[str, int]], column: str) -> dict[int, str]:
    """Which groups' counts of `column` are printed other than as the number: index -> text printed."""
    cells = {i: suppress(g[column]) for i, g in enumerate(groups) if _small(g[column])}
    if len(cells) == 1:
        others = sorted((g[column], i) for i, g in enumerate(groups) if i not in cells and g[column] > 0)
        if others:
            cells[others[0][1]] = WITHHELD
    return cells


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _compared(share: int | None, overall: int | None) -> str:
    if share is None or overall is None:
        return ""
    difference = share - overall
    if difference == 0:
        return "the same"
    return f"{abs(difference)} points {'higher' if difference > 0 else 'lower'}"


def _row(label: str, counts: dict[str, int], withheld: dict[str, str], overall: dict[str, int | None]) -> GroupRow:
    shown = {c: withheld.get(c) or str(counts[c]) for c in COLUMNS}
    shares: dict[str, int | None] = {}
    for part in ("entries", "restrictions"):
        printable = part not in withheld and "people" not in withheld and counts["people"] > 0
        shares[part] = _share(counts[part], counts["people"]) if printable else None
    return GroupRow(
        label=label, people=shown["people"], entries=shown["entries"], restrictions=shown["restrictions"],
        entry_share=f"{shares['entries']}%" if shares["entries"] is not None else "–",
        restriction_share=f"{shares['restrictions']}%" if shares["restrictions"] is not None else "–",
        entry_compared=_compared(shares["entries"], overall.get("entries")),
        restriction_compared=_compared(shares["restrictions"], overall.get("restrictions")),
    )


def equality_figures(*, council: Organisation, day: date) -> EqualityFigures:
    live = live_at(council=council, day=day).filter(person__isnull=False)
    on_register = set(live.values_list("person_id", flat=True))
    restricted = set(live.filter(kind=Measure.Kind.CONTACT_RESTRICTION).values_list("person_id", flat=True))
    records: list[dict[str, Any]] = list(EqualityRecord.objects.filter(council=council).values("person_id", *CHARACTERISTICS))

    def counts(rows: list[dict[str, Any]]) -> dict[str, int]:
        return {"people": len(rows), "entries": sum(1 for r in rows if r["person_id"] in on_register),
                "restrictions": sum(1 for r in rows if r["person_id"] in restricted)}

    total = counts(records)
    overall_withheld = {c: suppress(total[c]) for c in COLUMNS if _small(total[c])}
    overall_row = _row("Everyone with answers recorded", total, overall_withheld, {})
    overall_shares = {part: int(share.rstrip("%")) if share.endswith("%") else None
                      for part, share in (("entries", overall_row.entry_share), ("restrictions", overall_row.restriction_share))}
    tables = []
    for name in CHARACTERISTICS:
        title, choices = question(name)
        labels = [*(label for _, label in choices), NOT_KNOWN]
        values = [*(value for value, _ in choices), ""]
        groups = [counts([r for r in records if r[name] == value]) for value in values]
        withheld: dict[int, dict[str, str]] = {i: {} for i in range(len(groups))}
        for column in COLUMNS:
            for index, text in _withheld_cells(groups, column).items():
                withheld[index][column] = text
        rows = [_row(label, group, withheld[i], overall_shares) for i, (label, group) in enumerate(zip(labels, groups, strict=True))]
        tables.append(CharacteristicTable(name=title, rows=rows))
    return EqualityFigures(as_at=day, overall=overall_row, tables=tables)
