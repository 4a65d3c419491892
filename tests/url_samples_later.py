"""Sample URL arguments for the URL sweep, second part: review and forget, emails to staff, managed lists and
setting up a council (split from url_samples.py, which imports this module at its end to add them)."""

from collections.abc import Callable
from typing import Any

from safecontact.core.tests.factories import UserFactory
from tests.url_samples import SAMPLES, SweepContext, _measure, _person


# --- Review and forget: reviews ---
def _review(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.register.models import Measure
    from safecontact.reviews.models import Review

    review = Review.objects.filter(council=ctx.council).first()
    if review is None:
        measure = Measure.objects.get(pk=_measure(ctx)["id"])
        review = Review.objects.create(council=ctx.council, measure=measure, reviewer=measure.owner, due_on=measure.created_at.date())
    return {"id": review.pk}


SAMPLES.update({
    "reviews:measure_reviews": lambda ctx: {"measure_id": _measure(ctx)["id"]},
    "reviews:review_record": lambda ctx: {"measure_id": _measure(ctx)["id"]},
    "reviews:review_detail": _review,
})


# --- Review and forget: governance ---
def _governance_item(ctx: SweepContext) -> Any:
    """A meeting with one undecided item, so members of the group can open it."""
    from datetime import date

    from safecontact.governance.models import AgendaItem, Meeting
    from safecontact.register.models import Measure

    item = AgendaItem.objects.filter(meeting__council=ctx.council, decision="").first()
    if item is None:
        meeting = Meeting.objects.filter(council=ctx.council).first() or Meeting.objects.create(
            council=ctx.council, reference="GG-2026-000001", held_on=date.today(), created_by=ctx.subject)
        item = AgendaItem.objects.create(meeting=meeting, measure=Measure.objects.get(pk=_measure(ctx)["id"]),
                                         reason=AgendaItem.Reason.REVIEW_OVERDUE)
    return item


def _governance_task(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.governance.models import ChecklistTask

    item = _governance_item(ctx)
    task = ChecklistTask.objects.filter(item=item).first() or ChecklistTask.objects.create(
        measure=item.measure, item=item, label="CRM customer marker")
    return {"id": task.pk}


SAMPLES.update({
    "governance:meeting_detail": lambda ctx: {"id": _governance_item(ctx).meeting_id},
    "governance:meeting_edit": lambda ctx: {"id": _governance_item(ctx).meeting_id},
    "governance:meeting_agenda_build": lambda ctx: {"id": _governance_item(ctx).meeting_id},
    "governance:meeting_pack_pdf": lambda ctx: {"id": _governance_item(ctx).meeting_id},
    "governance:meeting_minutes_pdf": lambda ctx: {"id": _governance_item(ctx).meeting_id},
    "governance:item_detail": lambda ctx: {"id": _governance_item(ctx).pk},
    "governance:item_decide": lambda ctx: {"id": _governance_item(ctx).pk},
    "governance:item_remove_confirm": lambda ctx: {"id": _governance_item(ctx).pk},
    "governance:checklist_update": _governance_task,
})
# --- Review and forget: retention ---
def _legal_hold(ctx: SweepContext) -> dict[str, Any]:
    from django.utils import timezone

    from safecontact.retention.models import LegalHold

    hold = LegalHold.objects.filter(council=ctx.council).first() or LegalHold.objects.create(
        council=ctx.council, person=_person(ctx), subject_kind="person", reason="Sweep", placed_by=ctx.actor, placed_at=timezone.now())
    return {"id": hold.pk}


SAMPLES.update({
    "retention:period_edit": lambda ctx: {"record_class": "check_log"},
    "retention:legal_hold_lift": _legal_hold,
})
# --- Review and forget: policy and jobs ---
def _policy_draft(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.policies.models import PolicyVersion

    draft = PolicyVersion.objects.filter(council=ctx.council, status="draft").first() or PolicyVersion.objects.create(
        council=ctx.council, version="sweep", text="Sweep policy", drafted_by=ctx.actor)
    return {"id": draft.pk}


SAMPLES.update({
    "policies:version_detail": _policy_draft,
    "policies:version_edit": _policy_draft,
    "policies:version_approve": _policy_draft,
    "policies:public_policy": lambda ctx: {"council_slug": ctx.council.slug},
})


# --- Emails to staff ---
def _staff_email(ctx: SweepContext) -> dict[str, Any]:
    from django.utils import timezone

    from safecontact.notifications.models import StaffEmail

    email = StaffEmail.objects.filter(council=ctx.council).first() or StaffEmail.objects.create(
        council=ctx.council, key=f"sweep:{ctx.council.pk}", recipients=[ctx.subject.email], subject="Sweep", body="Sweep",
        status="failed", attempts=8, next_attempt_at=timezone.now())
    return {"id": email.pk}


SAMPLES.update({
    "notifications:staff_email_retry": _staff_email,
})


# --- Managed lists (lists/): one item of the council's own in each list, so every page of every list is reached ---
def _list_item(key: str) -> Callable[[SweepContext], dict[str, Any]]:
    def sample(ctx: SweepContext) -> dict[str, Any]:
        from safecontact.lists.registry import list_for

        spec = list_for(key)
        values = {f.name: f"Sweep {f.name}" for f in spec.fields} | ({spec.code_field: "sweep"} if spec.code_field else {})
        item = spec.model._default_manager.filter(council=ctx.council).first() or spec.model._default_manager.create(
            council=ctx.council, **values)
        return {"id": item.pk}

    return sample


def _list_samples() -> dict[str, Callable[[SweepContext], dict[str, Any]]]:
    from safecontact.lists.registry import LISTS
    from safecontact.lists.views import OPERATIONS

    return {f"lists:{spec.url_name}_{op}": _list_item(spec.key) for spec in LISTS for op in OPERATIONS}


SAMPLES.update(_list_samples())


# --- Setting up a council: staff, teams, invitations ---
def _invitation(ctx: SweepContext) -> dict[str, Any]:
    """A pending invitation of the council (its account is made for it, never signed in)."""
    from safecontact.accounts.invitations import _invite
    from safecontact.accounts.models import Invitation

    existing = Invitation.objects.filter(council=ctx.council, status=Invitation.Status.PENDING).first()
    if existing is None:
        invitee = UserFactory(organisation=ctx.council, password=None)
        invitee.set_unusable_password()
        invitee.save()
        existing = _invite(actor=None, council=ctx.council, user=invitee, role=None).invitation
    return {"id": existing.pk}


def _team(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.accounts.models import Team

    team = Team.objects.filter(council=ctx.council).first() or Team.objects.create(council=ctx.council, name="Sweep team")
    return {"id": team.pk}


SAMPLES.update({
    "accounts:user_edit": lambda ctx: {"id": ctx.subject.pk},
    "accounts:invitation_resend": _invitation,
    "accounts:invitation_cancel": _invitation,
    "accounts:team_rename": _team,
    # A made-up token: the public page says the link does not work.
    "accounts:invitation_accept": lambda ctx: {"token": "not-a-real-token"},
})

# The public appeal page as a letter links to it, and its fallback privacy page (issue 14, item 8).
SAMPLES.update({
    "appeal:appeal_start_for": lambda ctx: {"council_slug": ctx.council.slug},
    "appeal:appeal_privacy": lambda ctx: {"council_slug": ctx.council.slug},
})


# --- The possible-match desk (issue 15) ---
def _possible_match_review(ctx: SweepContext) -> dict[str, Any]:
    from datetime import timedelta

    from django.utils import timezone

    from safecontact.checks.models import Check, PossibleMatchReview

    review = PossibleMatchReview.objects.filter(council=ctx.council).first()
    if review is None:
        check = Check.objects.create(council=ctx.council, checker=ctx.actor, purpose="home_visit", outcome="possible_match",
                                     query_name="Sweep Sample", query_postcode="GL50 1PQ")
        review = PossibleMatchReview.objects.create(council=ctx.council, source_check=check, due_at=timezone.now() + timedelta(hours=2))
    return {"id": review.pk}


def _own_check(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.checks.models import Check

    check = Check.objects.filter(checker=ctx.actor).first() or Check.objects.create(
        council=ctx.council, checker=ctx.actor, purpose="home_visit", outcome="no_entry", query_postcode="GL50 1PQ")
    return {"id": check.pk}


SAMPLES.update({
    "checks:possible_match_answer": _possible_match_review,
    "api:check_detail": _own_check,
})


# --- Subject access requests (issue 17, R78) ---
def _subject_access_request(ctx: SweepContext) -> dict[str, Any]:
    from datetime import date

    from safecontact.subject_access.models import SubjectAccessRequest

    sar = SubjectAccessRequest.objects.filter(council=ctx.council).first() or SubjectAccessRequest.objects.create(
        council=ctx.council, reference="SAR-2026-000001", person=_person(ctx), received_on=date(2026, 11, 2),
        due_on=date(2026, 12, 2), handler=ctx.actor, created_by=ctx.actor)
    return {"id": sar.pk}


SAMPLES.update({
    "subject_access:request_start": lambda ctx: {"person_id": _person(ctx).pk},
    **{f"subject_access:{name}": _subject_access_request for name in (
        "request_detail", "request_extend", "redaction_add", "request_status", "bundle_pdf", "bundle_json", "bundle_csv")},
})


# --- The quarterly access check (R28 in issue 17): the sweeping actor's own check, with their report's role ---
def _recertification_item(ctx: SweepContext) -> Any:
    from django.utils import timezone

    from safecontact.access.policy import Role
    from safecontact.accounts.models import RecertificationCampaign, RecertificationItem, RecertificationTask, RoleAssignment
    from safecontact.accounts.services import role_assignment_bootstrap

    assignment = RoleAssignment.objects.filter(user=ctx.subject).first() or role_assignment_bootstrap(
        council=ctx.council, user=ctx.subject, role=Role.STAFF, reason="sweep")
    campaign = RecertificationCampaign.objects.filter(council=ctx.council).first() or RecertificationCampaign.objects.create(
        council=ctx.council, quarter_start=timezone.localdate().replace(day=1), started_at=timezone.now())
    task, _ = RecertificationTask.objects.get_or_create(council=ctx.council, campaign=campaign, manager=ctx.actor)
    item, _ = RecertificationItem.objects.get_or_create(council=ctx.council, task=task, assignment=assignment)
    return item


SAMPLES.update({
    "accounts:recertification_task": lambda ctx: {"id": _recertification_item(ctx).task_id},
    "accounts:recertification_confirm": lambda ctx: {"id": _recertification_item(ctx).pk},
    "accounts:recertification_remove": lambda ctx: {"id": _recertification_item(ctx).pk},
})


# --- Disclosures to partners (issue 17, item 4: R92, R90) ---
def _sharing_agreement(ctx: SweepContext) -> dict[str, Any]:
    from datetime import date, timedelta

    from safecontact.accounts.models import DataSharingAgreement, Organisation

    agreement = DataSharingAgreement.objects.filter(council=ctx.council).first()
    if agreement is None:
        partner, _ = Organisation.objects.get_or_create(slug=f"{ctx.council.slug}-sweep-partner",
                                                        defaults={"name": "Sweep Partner Homes", "kind": "partner"})
        agreement = DataSharingAgreement.objects.create(
            council=ctx.council, organisation=partner, purpose="Repairs visits", what_may_be_shared="Precautions",
            starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=365), recorded_by=ctx.actor)
    return {"id": agreement.pk}


SAMPLES.update({
    "disclosures:agreement_detail": _sharing_agreement,
    "disclosures:entry_audience": _measure,
})


# --- Requests to correct records (issue 17, item 3: R79) ---
def _rectification_request(ctx: SweepContext) -> dict[str, Any]:
    from datetime import date

    from safecontact.rectification.models import RectificationRequest

    item = RectificationRequest.objects.filter(council=ctx.council).first() or RectificationRequest.objects.create(
        council=ctx.council, reference="RCT-2026-000001", person=_person(ctx), kind="rectification", channel="letter",
        what_is_wrong="Sweep", received_on=date(2026, 11, 2), due_on=date(2026, 12, 2), recorded_by=ctx.actor)
    return {"id": item.pk}


SAMPLES.update({
    "rectification:request_record": lambda ctx: {"person_id": _person(ctx).pk},
    **{f"rectification:{name}": _rectification_request for name in (
        "request_detail", "request_extend", "request_statement", "request_decide")},
})


# --- Equality monitoring (issue 17, item 7: R77) ---
SAMPLES.update({
    "equality:record_edit": lambda ctx: {"person_id": _person(ctx).pk},
})
