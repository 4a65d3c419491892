"""Equality monitoring pages (R77). Reached from the service navigation, never from a person's or a case's page, so
the answers are not in front of anyone deciding about the customer."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from safecontact.access.decorators import requires
from safecontact.access.policy import Action
from safecontact.audit.services import audit_access
from safecontact.core.pagination import paginate
from safecontact.core.searches import search_load, search_save
from safecontact.equality import selectors, services
from safecontact.equality.forms import EqualityForm
from safecontact.people.selectors import person_get_for, person_list_for


@requires(Action.EQUALITY_RECORD)
def find_person(request: HttpRequest) -> HttpResponse:
    """The name is POSTed and kept in the session, as on the people search: the address carries only a search id."""
    if request.method == "POST":
        name = request.POST.get("name", "").strip()[:200]
        return redirect(f"{reverse('equality:find_person')}?search={search_save(request, {'name': name})}" if name else "equality:find_person")
    search = request.GET.get("search", "")
    name = search_load(request, search).get("name", "")
    page = None
    if name:
        page = paginate(request, person_list_for(actor=request.user, council=request.council, name=name))  # type: ignore[arg-type,attr-defined]
        audit_access(actor=request.user, council=request.council, subject=request.council, list_of="people (equality monitoring)")  # type: ignore[attr-defined]
    return render(request, "equality/find_person.html", {"page": page, "name": name, "search": search if name else ""})


@requires(Action.EQUALITY_RECORD)
def record_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    council = request.council  # type: ignore[attr-defined]
    person = person_get_for(actor=request.user, council=council, id=person_id)  # type: ignore[arg-type]
    record = selectors.record_for(council=council, person=person)
    form = EqualityForm(request.POST or None, initial=selectors.answers_of(record) if record else {})
    if request.method == "POST" and form.is_valid():
        services.equality_record_save(actor=request.user, council=council, person=person, answers=form.answers())  # type: ignore[arg-type]
        messages.success(request, f"Equality monitoring answers saved for {person}.")
        return redirect("equality:find_person")
    audit_access(actor=request.user, council=council, subject=person)  # "who viewed this record" shows it
    return render(request, "equality/record_form.html", {"form": form, "person": person, "record": record})


@requires(Action.EQUALITY_REPORT_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    """Counts per group with small numbers withheld: not a view of anyone's personal data, so not audited."""
    data = selectors.equality_figures(council=request.council, day=timezone.localdate())  # type: ignore[attr-defined]
    return render(request, "equality/figures.html", {"figures": data})
