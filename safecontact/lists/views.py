"""The managed lists' pages: one set of views for every list in lists/registry.py. urls.py binds each view to each
list with that list's permission, so the URL sweep sees one action per address."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import GovukForm, add_application_error
from safecontact.lists import selectors, services
from safecontact.lists.forms import MoveForm, item_form_class
from safecontact.lists.registry import LISTS, ManagedList

OPERATIONS = ("edit", "move", "retire", "restore", "delete")


def _names(spec: ManagedList) -> dict[str, str]:
    return {"list_url": f"lists:{spec.url_name}", **{f"{op}_url": f"lists:{spec.url_name}_{op}" for op in OPERATIONS}}


def _form(spec: ManagedList, request: HttpRequest, **kwargs: Any) -> GovukForm:
    existing = {f.name: selectors.existing_values(spec=spec, council=request.council, name=f.name)  # type: ignore[attr-defined]
                for f in spec.fields if f.choose_existing}
    return item_form_class(spec, existing)(request.POST if request.method == "POST" else None, **kwargs)


def _item(spec: ManagedList, request: HttpRequest, id: str) -> Any:
    return selectors.item_get_for(spec=spec, council=request.council, id=id)  # type: ignore[attr-defined]


@requires(Action.MANAGED_LIST_EDIT)
def index(request: HttpRequest) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    lists = [(spec, selectors.offered_count(spec=spec, council=council)) for spec in LISTS
             if can(request.user, spec.action, council)]  # type: ignore[arg-type]
    return render(request, "lists/index.html", {"lists": lists})


def list_page(request: HttpRequest, spec: ManagedList) -> HttpResponse:
    """The list in the council's order, retired items apart, and the form to add an item."""
    form = _form(spec, request)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.list_item_add(actor=request.user, council=request.council, spec=spec,  # type: ignore[arg-type,attr-defined]
                                          values=form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"{item.label} added to the list.")
            return redirect(f"lists:{spec.url_name}")
    offered, retired = selectors.rows_for(spec=spec, council=request.council)  # type: ignore[attr-defined]
    return render(request, "lists/list.html", {"spec": spec, "offered": offered, "retired": retired, "form": form, **_names(spec)})


def item_edit(request: HttpRequest, spec: ManagedList, id: str) -> HttpResponse:
    item = _item(spec, request, id)
    form = _form(spec, request, initial={f.name: getattr(item, f.name) for f in spec.fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.list_item_rename(actor=request.user, council=request.council, spec=spec, item=item,  # type: ignore[arg-type,attr-defined]
                                      values=form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Saved: {form.cleaned_data['label']}.")
            return redirect(f"lists:{spec.url_name}")
    return render(request, "lists/item_edit.html", {"spec": spec, "item": item, "form": form, **_names(spec)})


def item_move(request: HttpRequest, spec: ManagedList, id: str) -> HttpResponse:
    item, form = _item(spec, request, id), MoveForm(request.POST)
    if form.is_valid():
        _attempt(request, services.list_item_move, spec=spec, item=item, direction=form.cleaned_data["direction"])
    return redirect(f"lists:{spec.url_name}")


def item_retire(request: HttpRequest, spec: ManagedList, id: str) -> HttpResponse:
    """Asks first: a retired item is no longer offered to anyone in the council."""
    item = _item(spec, request, id)
    if request.method == "POST":
        if _attempt(request, services.list_item_retire, spec=spec, item=item):
            messages.success(request, f"{item.label} retired. It is no longer offered; records that chose it keep it.")
        return redirect(f"lists:{spec.url_name}")
    return render(request, "lists/item_retire.html", {"spec": spec, "item": item, "retired": selectors.is_retired(item), **_names(spec)})


def item_restore(request: HttpRequest, spec: ManagedList, id: str) -> HttpResponse:
    item = _item(spec, request, id)
    if _attempt(request, services.list_item_restore, spec=spec, item=item):
        messages.success(request, f"{item.label} restored. It is offered again.")
    return redirect(f"lists:{spec.url_name}")


def item_delete(request: HttpRequest, spec: ManagedList, id: str) -> HttpResponse:
    """Only for the council's own items that nothing has used; the page says why otherwise."""
    item = _item(spec, request, id)
    if request.method == "POST":
        if _attempt(request, services.list_item_delete, spec=spec, item=item):
            messages.success(request, f"{item.label} deleted.")
        return redirect(f"lists:{spec.url_name}")
    refusal = services.delete_refusal(spec=spec, item=item, in_use=bool(selectors.used_ids(spec=spec, ids=[item.pk])))
    return render(request, "lists/item_delete.html", {"spec": spec, "item": item, "refusal": refusal, **_names(spec)})


def _attempt(request: HttpRequest, service: Callable[..., Any], **kwargs: Any) -> bool:
    """Runs a service for a button on the list page; a refusal is shown there, at the top."""
    try:
        service(actor=request.user, council=request.council, **kwargs)  # type: ignore[attr-defined]
    except ApplicationError as error:
        messages.error(request, error.message)
        return False
    return True


def _bind(view: Callable[..., HttpResponse], spec: ManagedList, *, post_only: bool = False) -> Callable[..., HttpResponse]:
    def bound(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return view(request, spec, **kwargs)

    bound.__name__ = bound.__qualname__ = f"{view.__name__}_{spec.url_name}"
    return requires(spec.action)(require_POST(bound) if post_only else bound)


def patterns_for(spec: ManagedList) -> list[URLPattern]:
    name = spec.url_name
    return [
        path(f"{spec.key}/", _bind(list_page, spec), name=name),
        path(f"{spec.key}/<uuid:id>/edit/", _bind(item_edit, spec), name=f"{name}_edit"),
        path(f"{spec.key}/<uuid:id>/move/", _bind(item_move, spec, post_only=True), name=f"{name}_move"),
        path(f"{spec.key}/<uuid:id>/retire/", _bind(item_retire, spec), name=f"{name}_retire"),
        path(f"{spec.key}/<uuid:id>/restore/", _bind(item_restore, spec, post_only=True), name=f"{name}_restore"),
        path(f"{spec.key}/<uuid:id>/delete/", _bind(item_delete, spec), name=f"{name}_delete"),
    ]
