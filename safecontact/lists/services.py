"""Writes to the managed lists: one set of services for every list in lists/registry.py, and the only writer of
those lists' rows (the apps that own the models only read them).

A council changes its own items in place. The defaults every council shares are never changed by a council:
moving or retiring one writes the council's `DefaultItemSetting`, so another council's list stays as it was.
Nothing that has been used is ever deleted (the records that chose it must still say what was chosen); it is
retired, which stops it being offered. Each service locks the council's lists (one change at a time, so two
moves at once cannot lose one) and writes its audit event in its own transaction."""

from __future__ import annotations

from typing import Any, Literal

from django.db import transaction
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from safecontact.access.checks import require
from safecontact.accounts.models import Organisation, User
from safecontact.audit.events import EventType
from safecontact.audit.services import audit_record
from safecontact.core.exceptions import ApplicationError
from safecontact.lists import selectors
from safecontact.lists.models import DefaultItemSetting
from safecontact.lists.registry import LABEL, ManagedList

MAX_POSITION = 32767  # the lists' sort_order is a PositiveSmallIntegerField
SHARED_DEFAULT = "{label} is one of the defaults every council shares, so it cannot be {done} here."


def _lock(*, actor: User, council: Organisation, spec: ManagedList, item: Model | None = None) -> Any:
    """Checks the actor may change the list, locks the council's lists, and re-reads the item: the council's own,
    or a default not withdrawn for everyone."""
    require(actor, spec.action, council)
    # NO KEY UPDATE: rows pointing at the council (new reports, entries, checks) need not wait for a list change.
    Organisation.objects.select_for_update(no_key=True).get(pk=council.pk)
    if item is None:
        return None
    try:
        return selectors.item_get_for(spec=spec, council=council, id=item.pk)
    except Http404 as missing:  # another council's item, or gone
        raise ApplicationError(f"That {spec.item_name} is not on this council's list.") from missing


def _clean(*, spec: ManagedList, council: Organisation, values: dict[str, Any], item: Model | None = None) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for f in spec.fields:
        value = " ".join(str(values.get(f.name) or "").split())
        if f.required and not value:
            raise ApplicationError(f.missing or f"Enter the {f.label.lower()}", field=f.name)
        if len(value) > f.max_length:
            raise ApplicationError(f"{f.label} must be {f.max_length} characters or fewer", field=f.name)
        if f.choose_existing and value not in selectors.existing_values(spec=spec, council=council, name=f.name):
            raise ApplicationError(f.missing, field=f.name)
        cleaned[f.name] = value
    clash = selectors.same_label(spec=spec, council=council, label=cleaned[LABEL], exclude=item)
    if clash is not None and selectors.is_retired(clash):
        raise ApplicationError(f"{clash.label} is already on the list, retired: restore it instead.", field=LABEL)
    if clash is not None:
        raise ApplicationError(f"{clash.label} is already on the list.", field=LABEL)
    return cleaned


def _new_code(*, spec: ManagedList, council: Organisation, label: str) -> str:
    base = slugify(label).replace("-", "_")[:50] or "item"
    taken, code, n = selectors.codes_taken(spec=spec, council=council), base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


@transaction.atomic
def list_item_add(*, actor: User, council: Organisation, spec: ManagedList, values: dict[str, Any]) -> Any:
    """A new item of the council's own, at the end of its list."""
    _lock(actor=actor, council=council, spec=spec)
    cleaned = _clean(spec=spec, council=council, values=values)
    item = spec.model(council=council, sort_order=min(selectors.next_position(spec=spec, council=council), MAX_POSITION), **cleaned)
    if spec.code_field:
        setattr(item, spec.code_field, _new_code(spec=spec, council=council, label=cleaned[LABEL]))
    item.full_clean()
    item.save()
    audit_record(actor=actor, event=EventType.LIST_ITEM_ADDED, council=council, subject=item,
                 data={"list": spec.key, "label": item.label})  # type: ignore[attr-defined]
    return item


@transaction.atomic
def list_item_rename(*, actor: User, council: Organisation, spec: ManagedList, item: Model, values: dict[str, Any]) -> Any:
    """Changes the wording of one of the council's own items. Records that chose it show the new wording."""
    current = _lock(actor=actor, council=council, spec=spec, item=item)
    if current.council_id is None:
        raise ApplicationError(SHARED_DEFAULT.format(label=current.label, done="renamed") + " Retire it and add your own wording.",
                               field=LABEL)
    cleaned = _clean(spec=spec, council=council, values=values, item=current)
    changed = [name for name, value in cleaned.items() if getattr(current, name) != value]
    if not changed:
        return current
    was = current.label
    for name in changed:
        setattr(current, name, cleaned[name])
    current.full_clean()
    current.save()
    audit_record(actor=actor, event=EventType.LIST_ITEM_CHANGED, council=council, subject=current,
                 data={"list": spec.key, "label": current.label, "was": was, "changed": changed})
    return current


def _place(*, spec: ManagedList, council: Organisation, item: Any, position: int) -> None:
    if item.council_id is None:
        DefaultItemSetting.objects.update_or_create(council=council, list_key=spec.key, item_id=item.pk,
                                                    defaults={"position": position})
    elif item.sort_order != position:
        spec.model._default_manager.filter(pk=item.pk).update(sort_order=position, updated_at=timezone.now())


@transaction.atomic
def list_item_move(*, actor: User, council: Organisation, spec: ManagedList, item: Model, direction: Literal["up", "down"]) -> None:
    """Swaps an offered item with its neighbour, then numbers the council's list afresh (10, 20, 30…)."""
    current = _lock(actor=actor, council=council, spec=spec, item=item)
    if direction not in ("up", "down"):
        raise ApplicationError("Choose whether to move it up or down.")
    order = list(selectors.choices_for(model=spec.model, council=council))
    ids = [entry.pk for entry in order]
    if current.pk not in ids:
        raise ApplicationError(f"{current.label} is retired: restore it before moving it.")
    i = ids.index(current.pk)
    j = i - 1 if direction == "up" else i + 1
    if not 0 <= j < len(order):
        raise ApplicationError(f"{current.label} is already at the {'top' if direction == 'up' else 'bottom'} of the list.")
    order[i], order[j] = order[j], order[i]
    for n, entry in enumerate(order, start=1):
        _place(spec=spec, council=council, item=entry, position=min(n * 10, MAX_POSITION))
    audit_record(actor=actor, event=EventType.LIST_ITEM_MOVED, council=council, subject=current,
                 data={"list": spec.key, "label": current.label, "direction": direction, "position": j + 1})


@transaction.atomic
def list_item_retire(*, actor: User, council: Organisation, spec: ManagedList, item: Model) -> None:
    """Stops offering an item to the council. Records that chose it keep it; other councils are unaffected."""
    _retire_or_restore(actor=actor, council=council, spec=spec, item=item, retire=True)


@transaction.atomic
def list_item_restore(*, actor: User, council: Organisation, spec: ManagedList, item: Model) -> None:
    _retire_or_restore(actor=actor, council=council, spec=spec, item=item, retire=False)


def _retire_or_restore(*, actor: User, council: Organisation, spec: ManagedList, item: Model, retire: bool) -> None:
    current = _lock(actor=actor, council=council, spec=spec, item=item)
    if selectors.is_retired(current) == retire:
        raise ApplicationError(f"{current.label} is {'already retired' if retire else 'not retired'}.")
    if current.council_id is None:
        setting, _ = DefaultItemSetting.objects.get_or_create(council=council, list_key=spec.key, item_id=current.pk)
        setting.retired_at, setting.retired_by = (timezone.now(), actor) if retire else (None, None)
        setting.full_clean()
        setting.save()
    else:
        current.active = not retire
        current.full_clean()
        current.save()
    audit_record(actor=actor, event=EventType.LIST_ITEM_RETIRED if retire else EventType.LIST_ITEM_RESTORED, council=council,
                 subject=current, data={"list": spec.key, "label": current.label, "default": current.council_id is None})


def delete_refusal(*, spec: ManagedList, item: Any, in_use: bool) -> str:
    """Why an item may not be deleted ("" if it may), in words for the page that offers it."""
    if item.council_id is None:
        return SHARED_DEFAULT.format(label=item.label, done="deleted") + " Retire it to stop offering it."
    if in_use:
        return (f"{item.label} has been used, so it cannot be deleted: the records that chose it must still say so. "
                f"Retire it to stop offering it.")
    return ""


@transaction.atomic
def list_item_delete(*, actor: User, council: Organisation, spec: ManagedList, item: Model) -> None:
    """Deletes one of the council's own items that nothing has ever used (a mistake, put right)."""
    current = _lock(actor=actor, council=council, spec=spec, item=item)
    if current.council_id is None:
        raise ApplicationError(delete_refusal(spec=spec, item=current, in_use=False))
    # Locked before looking for uses: a report or entry choosing it now waits, then fails, rather than losing it.
    locked = spec.model._default_manager.select_for_update().get(pk=current.pk)
    refusal = delete_refusal(spec=spec, item=locked, in_use=bool(selectors.used_ids(spec=spec, ids=[locked.pk])))
    if refusal:
        raise ApplicationError(refusal)
    audit_record(actor=actor, event=EventType.LIST_ITEM_DELETED, council=council, subject=locked,
                 data={"list": spec.key, "label": locked.label})  # type: ignore[attr-defined]
    locked.delete()
