"""Reads of the register. Checkers never come here: they get precautions through checks/."""

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.accounts.models import DataSharingAgreement, Organisation, User
from safecontact.accounts.selectors import active_roles_for
from safecontact.cases.models import Decision
from safecontact.register.models import LIVE_STATUSES, ImportJob, Measure, MeasureVersion

MEASURE_RELATED = ("person", "premises", "originating_incident", "owner", "proposed_by", "approved_by")


def measure_list_for(*, actor: User, council: Organisation, status: str = "", kind: str = "") -> QuerySet[Measure]:
    if not can(actor, Action.REGISTER_VIEW, council) and not can(actor, Action.MEASURE_APPROVE, council):
        return Measure.objects.none()
    qs = ended_hidden_from(actor=actor, council=council, qs=Measure.objects.filter(council=council))
    qs = qs.select_related(*MEASURE_RELATED)
    if status == "live":
        qs = qs.filter(status__in=LIVE_STATUSES)
    elif status == "interim":
        qs = qs.filter(origin=Measure.Origin.INTERIM, decision__isnull=True, status__in=LIVE_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("review_due", "-created_at")


# Who keeps seeing an ended entry until it is deleted (R64, ADR 0019): the register manager (the domain's "register
# administrator") and the DPO. The register's other roles see it for ENDED_ENTRY_VISIBLE_DAYS after it ended, for the
# letter about the ending, the removal checklist and an appeal's last steps; checkers never see ended entries at all.
ENDED_ENTRY_KEEPERS = frozenset({Role.REGISTER_MANAGER, Role.DPO})


def ended_entries_visible_until() -> datetime:
    """The moment before which an ended entry is hidden from the register roles that are not keepers."""
    return timezone.now() - timedelta(days=settings.ENDED_ENTRY_VISIBLE_DAYS)


def ended_hidden_from(*, actor: User, council: Organisation, qs: QuerySet[Measure]) -> QuerySet[Measure]:
    """`qs` without the ended entries `actor` may no longer see in `council`. An entry ended before `ended_at` was
    recorded counts from its last change."""
    if active_roles_for(user=actor, council=council) & ENDED_ENTRY_KEEPERS:
        return qs
    cutoff = ended_entries_visible_until()
    return qs.exclude(Q(status=Measure.Status.ENDED)
                      & (Q(ended_at__lt=cutoff) | Q(ended_at__isnull=True, updated_at__lt=cutoff)))


def measure_get_for(*, actor: User, council: Organisation, id: Any) -> Measure:
    try:
        return measure_list_for(actor=actor, council=council).get(pk=id)
    except (Measure.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def live_measures(*, council: Organisation) -> QuerySet[Measure]:
    return Measure.objects.filter(council=council, status__in=LIVE_STATUSES)


def shared_organisation_ids(*, council: Organisation, on: date | None = None) -> set[Any]:
    on = on or date.today()
    return set(
        DataSharingAgreement.objects.filter(council=council, starts_on__lte=on, ends_on__gte=on).values_list("organisation_id", flat=True)
    )


def measure_visible_to_checker(*, measure: Measure, actor: Any, council: Organisation) -> bool:
    """The council's own people (and its own systems) see every live measure's precautions; a partner
    body or contractor, person or API client, only those shared with it under a current agreement."""
    if actor.organisation_id == council.pk:
        return True
    if actor.organisation_id not in shared_organisation_ids(council=council):
        return False
    return any(org.pk == actor.organisation_id for org in measure.shared_with.all())


def measure_warnings(*, measure: Measure) -> list[str]:
    """Things the decision-maker must see before approving (not blocking)."""
    warnings = []
    codes = {t.code for t in measure.restriction_types.all()}
    if measure.person_id and codes & {"written_only", "channels"}:
        agreed = measure.person.adjustments.filter(status="agreed") if measure.person else []
        if agreed:
            warnings.append("This restriction limits how the customer may contact the council, and the customer has an agreed "
                            "reasonable adjustment: check the two do not conflict.")
    if measure.originating_incident.identity_confirmation in ("witness_only", "not_confirmed", ""):
        warnings.append("The person's identity was not confirmed in the originating incident: approval needs reasons.")
    return warnings


def measure_versions(*, measure: Measure) -> QuerySet[MeasureVersion]:
    """The entry's terms as approved and after each variation (R57), newest first, with who changed them."""
    return measure.versions.select_related("changed_by").prefetch_related("precautions", "restriction_types").order_by("-number")


def who_checked(*, measure: Measure) -> QuerySet[Any]:
    return measure.checks.select_related("checker", "api_client").order_by("-created_at")



def first_register_manager(*, council: Organisation) -> User | None:
    """Who imports a register by default: the council's longest-serving register manager."""
    from safecontact.access.policy import Role
    from safecontact.accounts.models import RoleAssignment

    assignment = (
        RoleAssignment.objects.filter(council=council, role=Role.REGISTER_MANAGER, status=RoleAssignment.Status.APPROVED,
                                      expires_on__gte=date.today(), user__is_active=True)
        .select_related("user").order_by("created_at").first()
    )
    return assignment.user if assignment else None


def register_import_approver(*, id: Any) -> User | None:
    """The sign-off named at upload, if still an active user (the import service checks the role)."""
    if not id:
        return None
    return User.objects.filter(pk=id, is_active=True).first()


def import_job_get_for(*, actor: User, council: Organisation, id: Any) -> ImportJob:
    """A register import on the web page: only the person who uploaded the file sees it (it holds the file's rows);
    anyone else gets the same 404 as for an import that does not exist."""
    try:
        return ImportJob.objects.select_related("approved_by").get(council=council, created_by=actor, pk=id)
    except (ImportJob.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def import_jobs_recent_for(*, actor: User, council: Organisation) -> QuerySet[ImportJob]:
    """The person's own imports of the last week, newest first, for the upload page."""
    since = timezone.now() - timedelta(days=7)
    return ImportJob.objects.filter(council=council, created_by=actor, created_at__gte=since).order_by("-created_at")[:10]


# --- Entries come from decisions (issue 11) ---

PROPOSING_OUTCOMES = ("propose_marker", "propose_restriction", "propose_both")


def decisions_awaiting_proposal(*, council: Organisation) -> QuerySet[Decision]:
    """Decisions to propose an entry from which no entry has been proposed yet: the register officer's next step."""
    return (Decision.objects.filter(council=council, outcome__in=PROPOSING_OUTCOMES, measures__isnull=True, case__status="open")
            .select_related("case__person", "decided_by").order_by("decided_at"))


def decision_for_proposal(*, actor: User, council: Organisation, id: Any, kind: str) -> Decision:
    """The decision an entry of `kind` is proposed from; 404 when it is another council's or does not propose one."""
    if not can(actor, Action.MEASURE_PROPOSE, council):
        raise Http404
    allowed = {"safety_marker": ("propose_marker", "propose_both"), "contact_restriction": ("propose_restriction", "propose_both")}[kind]
    try:
        return Decision.objects.select_related("case__person").get(pk=id, council=council, outcome__in=allowed)
    except (Decision.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def awaiting_approval_for(*, actor: User, council: Organisation) -> QuerySet[Measure]:
    """Entries a decision-maker may approve: awaiting approval, not proposed by them, not resting on their own report."""
    if not can(actor, Action.MEASURE_APPROVE, council):
        return Measure.objects.none()
    return (Measure.objects.filter(council=council, status=Measure.Status.AWAITING_APPROVAL)
            .exclude(proposed_by=actor).exclude(originating_incident__reporter=actor).select_related(*MEASURE_RELATED))


def interim_markers_unconfirmed(*, council: Organisation, person: Any = None) -> QuerySet[Measure]:
    qs = Measure.objects.filter(council=council, origin=Measure.Origin.INTERIM, decision__isnull=True, status__in=LIVE_STATUSES)
    return qs.filter(person=person) if person is not None else qs


def decision_for_confirming(*, council: Organisation, id: Any) -> Decision:
    try:
        return Decision.objects.select_related("case").get(pk=id, council=council, outcome__in=("propose_marker", "propose_both"))
    except (Decision.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def next_steps_for_case(*, actor: User, case: Any) -> dict[str, Any]:
    """What follows a decision on the case page (issue 11): propose the entry it calls for, or confirm an interim marker."""
    decisions = [d for d in case.decisions.all() if d.outcome in PROPOSING_OUTCOMES]
    council = case.council
    return {
        "to_propose": [d for d in decisions if not d.measures.exists()] if can(actor, Action.MEASURE_PROPOSE, council) else [],
        "interim": list(interim_markers_unconfirmed(council=council, person=case.person)) if can(actor, Action.MEASURE_APPROVE, council) else [],
        "confirming": [d for d in decisions if d.outcome in ("propose_marker", "propose_both")],
        "entries": list(ended_hidden_from(actor=actor, council=council, qs=Measure.objects.filter(case=case)).order_by("-created_at")),
    }
