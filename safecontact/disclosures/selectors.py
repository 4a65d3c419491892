"""Reads for the disclosure log (R92) and the "who could see this entry" report (R90)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.access.policy import Action, Role, roles_for
from safecontact.accounts.models import DataSharingAgreement, Organisation, RoleAssignment, User
from safecontact.checks.models import ApiClient
from safecontact.disclosures.models import Disclosure
from safecontact.register.models import Measure
from safecontact.register.selectors import measure_list_for, shared_organisation_ids

LATEST_ON_AGREEMENT = 20


def disclosure_list(*, council: Organisation, agreement_id: Any = None, organisation_id: Any = None,
                    since: date | None = None, until: date | None = None, measure_id: Any = None) -> QuerySet[Disclosure]:
    """The council's disclosures, newest first, filtered; an id of another council's agreement or entry finds nothing."""
    qs = Disclosure.objects.filter(council=council).select_related("recipient_organisation", "agreement", "person", "measure")
    if agreement_id:
        qs = qs.filter(agreement_id=agreement_id)
    if organisation_id:
        qs = qs.filter(recipient_organisation_id=organisation_id)
    if measure_id:
        qs = qs.filter(measure_id=measure_id)
    if since:
        qs = qs.filter(disclosed_at__date__gte=since)
    if until:
        qs = qs.filter(disclosed_at__date__lte=until)
    return qs.order_by("-disclosed_at", "entry_reference")


def agreement_choices(*, council: Organisation) -> list[tuple[str, str]]:
    agreements = DataSharingAgreement.objects.filter(council=council).select_related("organisation").order_by("organisation__name", "-starts_on")
    return [(str(a.pk), f"{a.organisation.name}, {a.starts_on:%-d %b %Y} to {a.ends_on:%-d %b %Y}") for a in agreements]


def recipient_choices(*, council: Organisation) -> list[tuple[str, str]]:
    """Partner bodies and contractors the council has (or had) an agreement with, or has disclosed to."""
    ids = set(DataSharingAgreement.objects.filter(council=council).values_list("organisation_id", flat=True))
    ids |= set(Disclosure.objects.filter(council=council).values_list("recipient_organisation_id", flat=True).distinct())
    return [(str(o.pk), o.name) for o in Organisation.objects.filter(pk__in=ids).order_by("name")]


def agreement_get_for(*, council: Organisation, id: Any) -> DataSharingAgreement:
    try:
        return DataSharingAgreement.objects.select_related("organisation", "recorded_by").get(council=council, pk=id)
    except (DataSharingAgreement.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


@dataclass
class AgreementDisclosures:
    total: int
    entries: int
    people: int
    by_route: list[tuple[str, int]]
    latest: list[Disclosure]


def agreement_disclosures(*, agreement: DataSharingAgreement) -> AgreementDisclosures:
    """What went to the partner under one agreement: counts by route, how many entries and people, the latest rows."""
    qs = Disclosure.objects.filter(council=agreement.council_id, agreement=agreement)
    routes = Counter(qs.values_list("route", flat=True))
    labels = dict(Disclosure.Route.choices)
    return AgreementDisclosures(
        total=sum(routes.values()),
        entries=qs.values("entry_reference").distinct().count(),
        people=qs.exclude(person__isnull=True).values("person").distinct().count(),
        by_route=[(str(labels[r]), routes[r]) for r in Disclosure.Route.values if routes[r]],
        latest=list(qs.select_related("recipient_organisation", "person", "measure").order_by("-disclosed_at")[:LATEST_ON_AGREEMENT]),
    )


# --- Who could see this entry (R90) ---

IN_FULL = "in full"
PRECAUTIONS = "its precautions, when a check finds it"


@dataclass
class Viewer:
    user: User
    sees: str  # IN_FULL or PRECAUTIONS, or "" for someone only named on the entry
    reasons: list[str] = field(default_factory=list)

    @property
    def organisation(self) -> Organisation:
        return self.user.organisation


@dataclass
class OrganisationAccess:
    organisation: Organisation
    agreement: DataSharingAgreement | None
    sees: bool
    reason: str


@dataclass
class Audience:
    measure: Measure
    would_be_live: bool  # live now, or would be once approved: checkers could then be shown it
    viewers: list[Viewer]
    organisations: list[OrganisationAccess]
    systems: list[tuple[ApiClient, str]]

    @property
    def in_full(self) -> list[Viewer]:
        return [v for v in self.viewers if v.sees == IN_FULL]

    @property
    def checkers(self) -> list[Viewer]:
        return [v for v in self.viewers if v.sees == PRECAUTIONS]

    @property
    def named_only(self) -> list[Viewer]:
        return [v for v in self.viewers if not v.sees]


FULL_VIEW_ACTIONS = (Action.REGISTER_VIEW, Action.MEASURE_APPROVE)


def _live_roles(*, council: Organisation) -> dict[Any, tuple[User, set[Role]]]:
    today = date.today()
    held: dict[Any, tuple[User, set[Role]]] = {}
    for assignment in (RoleAssignment.objects.filter(council=council, status=RoleAssignment.Status.APPROVED, expires_on__gte=today,
                                                     user__is_active=True).select_related("user__organisation", "user__team")):
        held.setdefault(assignment.user_id, (assignment.user, set()))[1].add(Role(assignment.role))
    return held


def _role_names(roles: set[Role]) -> str:
    return ", ".join(str(r.label) for r in sorted(roles, key=lambda r: list(Role).index(r)))


def _agreement_now(*, council: Organisation, organisation_id: Any) -> DataSharingAgreement | None:
    today = timezone.localdate()
    return (DataSharingAgreement.objects.filter(council=council, organisation_id=organisation_id, starts_on__lte=today,
                                                ends_on__gte=today).order_by("-ends_on").first())


def entry_audience(*, measure: Measure) -> Audience:
    """Everyone who could see `measure` today, and why (R90; Clift: disclosure to people with no need to know):
    - in full: the register's roles that may open it (an ended entry only for those who still may, R64);
    - its precautions: every checker of the council's own, and partners' and contractors' checkers only when it is
      shared with their organisation under a current agreement (checks.services, register.selectors); for an entry
      awaiting approval, who would be shown it once approved;
    - named on it: its owner, named contact and deputy, whom checkers are told to contact.
    Those in the services that need to know are marked. Computed from the same rules the pages and checks obey."""
    council = measure.council
    held = _live_roles(council=council)
    full_roles = frozenset().union(*(roles_for(a) for a in FULL_VIEW_ACTIONS))
    check_roles = roles_for(Action.CHECK_RUN)
    would_be_live = measure.is_live or measure.status in (Measure.Status.DRAFT, Measure.Status.AWAITING_APPROVAL)
    shared_ids = set(measure.shared_with.values_list("pk", flat=True))
    current_ids = shared_organisation_ids(council=council)
    service_ids = set(measure.services.values_list("pk", flat=True))
    viewers: dict[Any, Viewer] = {}
    for user_id, (user, roles) in held.items():
        full = roles & full_roles
        if full and measure_list_for(actor=user, council=council).filter(pk=measure.pk).exists():
            viewers[user_id] = Viewer(user, IN_FULL, [f"{_role_names(full)}: opens register entries"])
            continue
        checking = roles & check_roles
        if not (checking and would_be_live):
            continue
        if user.organisation_id == council.pk:
            viewers[user_id] = Viewer(user, PRECAUTIONS, [f"{_role_names(checking)}: checks before contact"])
        elif user.organisation_id in shared_ids and user.organisation_id in current_ids:
            viewers[user_id] = Viewer(user, PRECAUTIONS, [f"Shared under the agreement with {user.organisation.name}"])
    named: list[tuple[User | None, str]] = [(measure.owner, "Named on the entry as the officer to contact"),
                                             (measure.single_point_of_contact, "Named contact"),
                                             (measure.deputy_contact, "Deputy named contact")]
    for person, why in named:
        if person is not None:
            viewers.setdefault(person.pk, Viewer(person, "")).reasons.append(why)
    for viewer in viewers.values():
        if viewer.user.team_id in service_ids:
            viewer.reasons.append(f"Works in {viewer.user.team}, a service that needs to know")
    order = {IN_FULL: 0, PRECAUTIONS: 1, "": 2}
    return Audience(
        measure=measure, would_be_live=would_be_live,
        viewers=sorted(viewers.values(), key=lambda v: (order[v.sees], v.user.full_name.lower(), str(v.user.pk))),
        organisations=_organisations(measure=measure, current_ids=current_ids),
        systems=_systems(council=council, shared_ids=shared_ids, current_ids=current_ids) if would_be_live else [],
    )


def _organisations(*, measure: Measure, current_ids: set[Any]) -> list[OrganisationAccess]:
    rows = []
    for organisation in measure.shared_with.order_by("name"):
        agreement = _agreement_now(council=measure.council, organisation_id=organisation.pk)
        if organisation.pk in current_ids and agreement is not None:
            rows.append(OrganisationAccess(organisation, agreement, True,
                                           f"Shared under the agreement that runs to {agreement.ends_on:%-d %B %Y}"))
        else:
            rows.append(OrganisationAccess(organisation, None, False, "Shared, but no agreement is current: it is shown nothing"))
    return rows


def _systems(*, council: Organisation, shared_ids: set[Any], current_ids: set[Any]) -> list[tuple[ApiClient, str]]:
    """Other systems that ask the register (the API): the council's own see every live entry's precautions."""
    rows = []
    for client in ApiClient.objects.filter(council=council, active=True).select_related("organisation").order_by("name"):
        if client.organisation_id == council.pk:
            rows.append((client, "The council's own system: shown the precautions of every live entry it finds"))
        elif client.organisation_id in shared_ids and client.organisation_id in current_ids:
            rows.append((client, f"System of {client.organisation.name}: shared under its agreement"))
    return rows
