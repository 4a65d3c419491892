"""Reads of the managed lists. `choices_for` is the one way a picker anywhere in the service asks what a council may
choose from: its own active items and the defaults it has not retired, in its own order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.db.models import Exists, F, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from safecontact.accounts.models import Organisation
from safecontact.lists.models import DefaultItemSetting
from safecontact.lists.registry import ManagedList, list_for_model

M = TypeVar("M", bound=Model)


def _settings(spec: ManagedList, council: Organisation) -> QuerySet[DefaultItemSetting]:
    return DefaultItemSetting.objects.filter(council=council, list_key=spec.key)


def _in_council(spec: ManagedList, council: Organisation) -> QuerySet[Any]:
    """Every item of the council's list, retired ones included (never another council's), with its place in the
    council's order (`list_position`) and whether the council has retired it (`retired_here`)."""
    mine = _settings(spec, council).filter(item_id=OuterRef("pk"))
    return (spec.model._default_manager.filter(Q(council=council) | Q(council__isnull=True))
            .annotate(list_position=Coalesce(Subquery(mine.values("position")[:1]), F("sort_order")),
                      default_retired=Exists(mine.filter(retired_at__isnull=False)))
            .order_by("list_position", "label", "pk"))


# Offered to the council: its own active items, and the defaults that are neither withdrawn nor retired by it.
OFFERED = Q(council__isnull=False, active=True) | Q(council__isnull=True, active=True, default_retired=False)


def choices_for(*, model: type[M], council: Organisation, keep: Iterable[Any] = ()) -> QuerySet[M]:
    """What a picker offers. `keep`: items a record already holds, kept on its form even if retired since, so
    saving the form unchanged does not drop them."""
    spec = list_for_model(model)
    kept = [getattr(item, "pk", item) for item in keep]
    return _in_council(spec, council).filter(OFFERED | Q(pk__in=kept))


def offered_count(*, spec: ManagedList, council: Organisation) -> int:
    return _in_council(spec, council).filter(OFFERED).count()


def item_get_for(*, spec: ManagedList, council: Organisation, id: Any) -> Any:
    """One item of the council's list, by id: its own, or a default not withdrawn for everyone. 404 otherwise."""
    item = _in_council(spec, council).filter(Q(council=council) | Q(active=True), pk=id).first()
    if item is None:
        raise Http404
    return item


def is_retired(item: Any) -> bool:
    """Retired by the council: its own item made inactive, or a default it stopped offering (items from `_in_council`)."""
    return bool(item.default_retired) if item.council_id is None else not item.active


def same_label(*, spec: ManagedList, council: Organisation, label: str, exclude: Any = None) -> Any:
    """The item of the council's list (retired or not) already called this, ignoring case, if any."""
    items = _in_council(spec, council).filter(Q(council=council) | Q(active=True), label__iexact=label)
    return items.exclude(pk=getattr(exclude, "pk", None)).first() if exclude is not None else items.first()


def next_position(*, spec: ManagedList, council: Organisation) -> int:
    """A place after every item of the council's list."""
    positions = _in_council(spec, council).values_list("list_position", flat=True)
    return max(positions, default=0) + 10


def codes_taken(*, spec: ManagedList, council: Organisation) -> set[str]:
    return set(spec.model._default_manager.filter(Q(council=council) | Q(council__isnull=True)).values_list(spec.code_field, flat=True))


@dataclass
class Row:
    item: Any
    is_default: bool
    retired: bool
    in_use: bool
    details: list[str] = field(default_factory=list)  # the other fields, for the table


def rows_for(*, spec: ManagedList, council: Organisation) -> tuple[list[Row], list[Row]]:
    """The list's page: (offered, retired), each in the council's order, with whether each item has been used."""
    items = list(_in_council(spec, council).filter(Q(council=council) | Q(active=True)))
    used = used_ids(spec=spec, ids=[item.pk for item in items])
    offered: list[Row] = []
    retired: list[Row] = []
    for item in items:
        gone = is_retired(item)
        row = Row(item=item, is_default=item.council_id is None, retired=gone, in_use=item.pk in used,
                  details=[getattr(item, f.name) for f in spec.fields[1:]])
        (retired if gone else offered).append(row)
    return offered, retired


@cache
def references_to(model_label: str) -> tuple[tuple[type[Model], str], ...]:
    """Every foreign key and many-to-many field, in any app, that points at the list's model."""
    target = apps.get_model(model_label)
    found = []
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if (model_field.concrete and model_field.is_relation and model_field.related_model is target
                    and (model_field.many_to_one or model_field.many_to_many or model_field.one_to_one)):
                found.append((model, model_field.name))
    return tuple(found)


def used_ids(*, spec: ManagedList, ids: list[Any]) -> set[Any]:
    """Which of these items anything refers to: a report's behaviours, an entry's (or an earlier version's)
    precautions, a checklist's line… One query per reference, whatever the number of items."""
    used: set[Any] = set()
    for model, name in references_to(spec.model_label):
        used.update(model._default_manager.filter(**{f"{name}__in": ids}).order_by().values_list(name, flat=True).distinct())
    return used


def existing_values(*, spec: ManagedList, council: Organisation, name: str) -> list[str]:
    """The values the council's list already uses for a field (a behaviour's groups), in the list's order."""
    values = _in_council(spec, council).filter(Q(council=council) | Q(active=True)).values_list(name, flat=True)
    return list(dict.fromkeys(values))

