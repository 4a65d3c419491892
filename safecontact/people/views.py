"""Customer records: search, read (audited), create, edit, add details, merge."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from safecontact.access.checks import can
from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.exceptions import ApplicationError
from safecontact.core.forms import add_application_error
from safecontact.core.pagination import paginate
from safecontact.core.searches import search_load, search_save
from safecontact.people import forms, selectors, services
from safecontact.people.addresses import address_history

DETAIL_KINDS: dict[str, tuple[str, type[forms.GovukForm], Any]] = {
    "alias": ("Add another name", forms.AliasForm, services.person_alias_add),
    "address": ("Add an address", forms.AddressForm, services.person_address_add),
    "contact": ("Add a contact point", forms.ContactPointForm, services.person_contact_point_add),
    "identifier": ("Add a reference in another system", forms.IdentifierForm, services.person_identifier_add),
    "representative": ("Add a representative", forms.RepresentativeForm, services.person_representative_add),
    "adjustment": ("Record a reasonable adjustment", forms.AdjustmentForm, services.person_adjustment_record),
}


@requires(Action.PERSON_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    """The name searched for is POSTed and kept in the session; the URL carries only an opaque search id."""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:200]
        if not name:
            return redirect("people:person_list")
        return redirect(f"{reverse('people:person_list')}?search={search_save(request, {'name': name})}")
    search = request.GET.get("search", "")
    name = search_load(request, search).get("name", "")
    qs = selectors.person_list_for(actor=request.user, council=request.council, name=name)  # type: ignore[arg-type,attr-defined]
    page = paginate(request, qs)
    audit_access(actor=request.user, council=request.council, subject=request.council, list_of="people")  # type: ignore[attr-defined]
    return render(request, "people/person_list.html", {"page": page, "name": name, "search": search if name else "",
                                                       "can_edit": can(request.user, Action.PERSON_EDIT, request.council)})  # type: ignore[arg-type,attr-defined]


@requires(Action.PERSON_VIEW)
def person_detail(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    person = selectors.person_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    audit_access(actor=actor, council=council, subject=person)
    context = {
        "person": person,
        "address_history": address_history(person.addresses.select_related("address")),
        "adjustments": selectors.adjustments_for(person=person),
        "incidents": person.incidents.exclude(status="draft").order_by("-submitted_at"),  # type: ignore[attr-defined]
        "cases": person.cases.order_by("-created_at") if can(actor, Action.CASE_VIEW, council) else [],  # type: ignore[arg-type,attr-defined]
        "can_edit": can(actor, Action.PERSON_EDIT, council) and not person.merged_into_id,  # type: ignore[arg-type]
        "can_merge": can(actor, Action.PERSON_MERGE, council) and not person.merged_into_id,  # type: ignore[arg-type]
        "kinds": {k: v[0] for k, v in DETAIL_KINDS.items()},
        "can_see_views": can(actor, Action.RECORD_VIEWS_VIEW, council),  # type: ignore[arg-type]
    }
    return render(request, "people/person_detail.html", context)


@requires(Action.PERSON_EDIT)
def person_create(request: HttpRequest) -> HttpResponse:
    form = forms.PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, council=request.council, **form.cleaned_data)  # type: ignore[arg-type,attr-defined]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, f"Record created for {person}.")
            return redirect("people:person_detail", id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "title": "Add a person", "button": "Create record"})


@requires(Action.PERSON_EDIT)
def person_edit(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    person = selectors.person_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    if person.merged_into_id:
        raise Http404
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    form = forms.PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=actor, council=council, person=person, changes=form.cleaned_data)  # type: ignore[arg-type]
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Record updated.")
            return redirect("people:person_detail", id=person.pk)
    audit_access(actor=actor, council=council, subject=person)
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": f"Change {person}", "button": "Save changes"})


@requires(Action.PERSON_EDIT)
def person_add_detail(request: HttpRequest, id: str, kind: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    person = selectors.person_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    if kind not in DETAIL_KINDS or person.merged_into_id:
        raise Http404
    title, form_class, service = DETAIL_KINDS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=actor, council=council, person=person, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("people:person_detail", id=person.pk)
    audit_access(actor=actor, council=council, subject=person)
    return render(request, "people/person_form.html", {"form": form, "person": person, "title": title, "button": "Save"})


@requires(Action.PERSON_MERGE)
def person_merge(request: HttpRequest, id: str) -> HttpResponse:
    """Pick the duplicate (likely matches first, or by search), compare side by side, confirm."""
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    keep = selectors.person_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    if keep.merged_into_id:
        raise Http404
    other = None
    if request.GET.get("other"):
        other = selectors.person_get_for(actor=actor, council=council, id=request.GET["other"])  # type: ignore[arg-type]
        audit_access(actor=actor, council=council, subject=other)
    name = request.POST.get("name", "").strip()[:200]  # POSTed: a name must not reach the access log in a URL
    searched = selectors.person_list_for(actor=actor, council=council, name=name).exclude(pk=keep.pk)[:20] if name else []  # type: ignore[arg-type]
    first_address = keep.addresses.all()[0].address if keep.addresses.all() else None
    duplicates = selectors.likely_matches_for(
        council=council, given_names=keep.given_names, family_name=keep.family_name, date_of_birth=keep.date_of_birth,
        postcode=first_address.postcode if first_address else "", address=str(first_address or ""), exclude_id=keep.pk,
    )
    audit_access(actor=actor, council=council, subject=keep)
    return render(request, "people/person_merge.html", {"keep": keep, "other": other, "duplicates": duplicates,
                                                        "searched": searched, "name": name})


@requires(Action.PERSON_MERGE)
@require_POST
def person_merge_confirm(request: HttpRequest, id: str) -> HttpResponse:
    actor, council = request.user, request.council  # type: ignore[attr-defined]
    keep = selectors.person_get_for(actor=actor, council=council, id=id)  # type: ignore[arg-type]
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the record to merge.")
        return redirect("people:person_merge", id=keep.pk)
    merge = selectors.person_get_for(actor=actor, council=council, id=form.cleaned_data["other"])  # type: ignore[arg-type]
    try:
        services.person_merge(actor=actor, council=council, keep=keep, merge=merge)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("people:person_merge", id=keep.pk)
    messages.success(request, "Records merged. The other record now points here; nothing it held was lost.")
    return redirect("people:person_detail", id=keep.pk)
