"""Sample URL arguments for the URL sweep. Every URL pattern with parameters needs an entry, made
so that a role the matrix allows can see the object (its council, its own report…)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from safecontact.access.policy import Role
from safecontact.accounts.models import Organisation, RoleAssignment, User
from safecontact.accounts.services import role_assignment_bootstrap
from safecontact.core.tests.factories import UserFactory


@dataclass
class SweepContext:
    council: Organisation
    actor: User
    subject: User  # a member of staff whose line manager is the actor


def _role_assignment(ctx: SweepContext) -> dict[str, Any]:
    assignment = RoleAssignment.objects.filter(user=ctx.subject).first() or role_assignment_bootstrap(
        council=ctx.council, user=ctx.subject, role=Role.STAFF, reason="sweep"
    )
    return {"id": assignment.pk}


SAMPLES: dict[str, Callable[[SweepContext], dict[str, Any]]] = {
    "accounts:role_assignment_detail": _role_assignment,
    "accounts:role_assignment_decide": _role_assignment,
    "accounts:role_assignment_renew": _role_assignment,
    "accounts:role_assignment_revoke": _role_assignment,
    "accounts:user_deactivate": lambda ctx: {"id": ctx.subject.pk},
    "accounts:new_starter_no_access": lambda ctx: {"id": ctx.subject.pk},
    # allauth's pages with a token: a made-up token shows allauth's "bad link" page.
    "account_confirm_email": lambda ctx: {"key": "not-a-real-key"},
    "account_reset_password_from_key": lambda ctx: {"uidb36": "1", "key": "set-password"},
}


def _lockout(ctx: SweepContext) -> dict[str, Any]:
    """The subject (a member of the council's staff) locked out by django-axes after repeated failed sign-ins."""
    from axes.models import AccessAttempt
    from django.conf import settings

    attempt, _ = AccessAttempt.objects.get_or_create(
        username=ctx.subject.email.lower(), ip_address="192.0.2.1", user_agent="sweep",
        defaults={"get_data": "", "post_data": "", "http_accept": "*/*", "path_info": "/accounts/login/",
                  "failures_since_start": settings.AXES_FAILURE_LIMIT},
    )
    return {"id": attempt.pk}


SAMPLES["accounts:lockout_release"] = _lockout
# A council's identity provider that does not exist: allauth answers 404 (ADR 0017).
SAMPLES["openid_connect_login"] = SAMPLES["openid_connect_callback"] = lambda ctx: {"provider_id": "no-such-provider"}
# Someone's security key (allauth answers 404 for a key that is not the signed-in user's own).
SAMPLES["mfa_edit_webauthn"] = SAMPLES["mfa_remove_webauthn"] = lambda ctx: {"pk": 999_999}


def make_context(council: Organisation, actor: User) -> SweepContext:
    subject = UserFactory(organisation=council, line_manager=actor)
    return SweepContext(council=council, actor=actor, subject=subject)


# --- Protect (register, checks) ---
def _measure(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.register.models import Measure

    existing = Measure.objects.filter(council=ctx.council).first()
    if existing is None:
        from safecontact.register.tests import builders

        proposer = UserFactory(organisation=ctx.council)
        role_assignment_bootstrap(council=ctx.council, user=proposer, role=Role.REGISTER_OFFICER, reason="sweep")
        proposer = User.objects.get(pk=proposer.pk)
        subject = builders.person(ctx.council)
        existing = builders.propose(
            actor=proposer, council=ctx.council, originating_incident=builders.incident(ctx.council, proposer, subject),
            person=subject, reasons="sweep", marker=builders.marker_details(),
        )
    return {"id": existing.pk}


def _check(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.checks.models import Check

    check = Check.objects.filter(checker=ctx.actor).first() or Check.objects.create(
        council=ctx.council, checker=ctx.actor, purpose="home_visit", outcome="no_entry", query_postcode="GL50 1PQ"
    )
    return {"id": check.pk}


def _import_job(ctx: SweepContext) -> dict[str, Any]:
    """The actor's own import, checked and waiting for confirmation (only its uploader sees it)."""
    from safecontact.register.models import ImportJob

    job = ImportJob.objects.filter(council=ctx.council, created_by=ctx.actor).first() or ImportJob.objects.create(
        council=ctx.council, created_by=ctx.actor, filename="register.csv", status=ImportJob.Status.DONE,
        report={"ok": True, "dry_run": True, "file_errors": [], "rows": [], "rows_total": 0, "counts": {}})
    return {"id": job.pk}


SAMPLES.update({
    "register:import_job": _import_job,
    "register:import_confirm": _import_job,
    "register:import_cancel": _import_job,
    "register:measure_detail": _measure,
    "register:measure_approve": _measure,
    "register:measure_refuse": _measure,
    "register:interim_confirm": _measure,
    "checks:result": _check,
    "checks:acknowledge": _check,
})


# --- Report and decide (incidents, people, cases) ---
# Rows are made directly (not through services) because the sweep also builds URLs for roles that
# may not report. The actor's own submitted report is visible to every role allowed INCIDENT_VIEW
# (reporters see their own; the rest are council-wide); triage samples are reported by the
# actor's line report, so a manager may triage them.
def _incident(ctx: SweepContext, *, reporter: User, status: str = "submitted") -> Any:
    from django.utils import timezone

    from safecontact.incidents.models import Incident

    existing = Incident.objects.filter(council=ctx.council, reporter=reporter, status=status).first()
    return existing or Incident.objects.create(
        council=ctx.council, reporter=reporter, status=status, reference="" if status == "draft" else f"INC-2026-{Incident.objects.count() + 1:06d}",
        submitted_at=None if status == "draft" else timezone.now(), occurred_at=timezone.now(), channel="phone", location="By phone",
        account="Sweep", subject_family_name="Sweep", identity_confirmation="not_confirmed", riddor_flag=True,
        triage_due_on=timezone.localdate(),
    )


def _attachment(ctx: SweepContext, incident: Any) -> Any:
    from django.core.files.base import ContentFile

    from safecontact.incidents.models import Attachment

    attachment = Attachment.objects.filter(incident=incident).first()
    if attachment is None:
        attachment = Attachment(council=ctx.council, incident=incident, original_name="note.txt", content_type="text/plain",
                                size=5, uploaded_by=incident.reporter)
        attachment.file.save("sweep.txt", ContentFile(b"sweep"), save=False)
        attachment.save()
    return attachment


def _person(ctx: SweepContext) -> Any:
    from safecontact.people.models import Person

    return Person.objects.filter(council=ctx.council, merged_into__isnull=True).first() or Person.objects.create(
        council=ctx.council, given_names="Siân", family_name="O'Brien-Ní Dhónaill"
    )


def _case(ctx: SweepContext) -> Any:
    from safecontact.cases.models import Case

    case = Case.objects.filter(council=ctx.council).first()
    if case is None:
        case = Case.objects.create(council=ctx.council, reference="CASE-2026-000001", person=_person(ctx), owner=ctx.subject)
        case.incidents.add(_incident(ctx, reporter=ctx.subject, status="referred"))
    return case


def _draft(ctx: SweepContext) -> dict[str, Any]:
    return {"id": _incident(ctx, reporter=ctx.actor, status="draft").pk}


SAMPLES.update({
    "incidents:report_check": _draft,
    "incidents:report_section": lambda ctx: {**_draft(ctx), "section": "when-and-where"},
    "incidents:attachment_remove": lambda ctx: {
        **_draft(ctx), "attachment_id": _attachment(ctx, _incident(ctx, reporter=ctx.actor, status="draft")).pk},
    "incidents:report_confirmation": lambda ctx: {"id": _incident(ctx, reporter=ctx.actor).pk},
    "incidents:incident_detail": lambda ctx: {"id": _incident(ctx, reporter=ctx.actor).pk},
    "incidents:attachment_download": lambda ctx: {"id": _attachment(ctx, _incident(ctx, reporter=ctx.actor)).pk},
    "incidents:triage": lambda ctx: {"id": _incident(ctx, reporter=ctx.subject).pk},
    "incidents:link_person": lambda ctx: {"id": _incident(ctx, reporter=ctx.actor).pk},
    "people:person_detail": lambda ctx: {"id": _person(ctx).pk},
    "people:person_edit": lambda ctx: {"id": _person(ctx).pk},
    "people:person_add_detail": lambda ctx: {"id": _person(ctx).pk, "kind": "alias"},
    "people:person_merge": lambda ctx: {"id": _person(ctx).pk},
    "people:person_merge_confirm": lambda ctx: {"id": _person(ctx).pk},
    "cases:case_open": lambda ctx: {"incident_id": _incident(ctx, reporter=ctx.actor).pk},
    "cases:case_detail": lambda ctx: {"id": _case(ctx).pk},
    "cases:decision_create": lambda ctx: {"id": _case(ctx).pk},
    "register:interim_marker": lambda ctx: {"incident_id": _incident(ctx, reporter=ctx.subject).pk},
    "api:incident_status": lambda ctx: {"id": _incident(ctx, reporter=ctx.actor).pk},
    # Who has viewed a record or an entry (issue 17)
    "audit:person_views": lambda ctx: {"id": _person(ctx).pk},
    "audit:entry_views": _measure,
})


# --- Be fair (letters, appeals) ---
def _letter(ctx: SweepContext) -> Any:
    from safecontact.letters.models import Letter
    from safecontact.letters.services import letter_create
    from safecontact.register.models import Measure

    existing = Letter.objects.filter(council=ctx.council).first()
    if existing is None:
        measure = Measure.objects.get(pk=_measure(ctx)["id"])
        existing = letter_create(actor=None, council=ctx.council, event="safety_marker", person=measure.person, measure=measure)
    return existing


def _template_version(ctx: SweepContext) -> dict[str, Any]:
    from safecontact.letters.models import LetterTemplateVersion

    version = LetterTemplateVersion.objects.filter(council=ctx.council).first() or LetterTemplateVersion.objects.create(
        council=ctx.council, event="safety_marker", version=1, body="<p>Sweep {{ customer_name }}</p>", created_by=ctx.actor)
    return {"id": version.pk}


def _appeal(ctx: SweepContext) -> Any:
    from datetime import date

    from safecontact.appeals.models import Appeal

    letter = _letter(ctx)
    return Appeal.objects.filter(council=ctx.council).first() or Appeal.objects.create(
        council=ctx.council, reference="APL-2026-000001", person=letter.person, measure=letter.measure, received_on=date.today(),
        channel="letter", grounds=["other"], grounds_detail="Sweep", decision_due=date.today())


def _appeal_document(ctx: SweepContext) -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from safecontact.appeals.models import AppealDocument

    appeal = _appeal(ctx)
    document = AppealDocument.objects.filter(appeal=appeal).first()
    if document is None:
        document = AppealDocument(appeal=appeal, original_name="appeal.txt", content_type="text/plain", size=5)
        document.file.save("sweep-appeal.txt", ContentFile(b"sweep"), save=False)
        document.save()
    return {"id": appeal.pk, "document_id": document.pk}


SAMPLES.update({
    "letters:letter_detail": lambda ctx: {"id": _letter(ctx).pk},
    "letters:letter_pdf": lambda ctx: {"id": _letter(ctx).pk},
    "letters:letter_edit": lambda ctx: {"id": _letter(ctx).pk},
    "letters:letter_issue": lambda ctx: {"id": _letter(ctx).pk},
    "letters:letter_requeue": lambda ctx: {"id": _letter(ctx).pk},
    "letters:letter_prepare": lambda ctx: {"measure_id": _measure(ctx)["id"]},
    "letters:notify_decision": lambda ctx: {"measure_id": _measure(ctx)["id"]},
    "letters:template_edit": lambda ctx: {"event": "safety_marker"},
    "letters:template_preview": _template_version,
    "letters:template_activate": _template_version,
    "appeals:appeal_detail": lambda ctx: {"id": _appeal(ctx).pk},
    "appeals:appeal_assign": lambda ctx: {"id": _appeal(ctx).pk},
    "appeals:appeal_decide": lambda ctx: {"id": _appeal(ctx).pk},
    "appeals:appeal_document": _appeal_document,
})


# --- Be fair: warnings (letters, appeals) ---
def _formal_warning(ctx: SweepContext) -> Any:
    from django.utils import timezone

    from safecontact.cases.models import Decision

    case = _case(ctx)
    return Decision.objects.filter(case=case, outcome="formal_warning").first() or Decision.objects.create(
        council=ctx.council, case=case, outcome="formal_warning", reasons="Sweep", policy_clause="5.2", proportionality="Sweep",
        equality_screen="Sweep", access_to_services="Sweep", warning_examples="1/3/2026: sweep", warning_expected_change="Sweep",
        decided_by=ctx.subject, decided_at=timezone.now())


def _informal_warning(ctx: SweepContext) -> Any:
    from django.utils import timezone

    from safecontact.incidents.models import Triage

    incident = _incident(ctx, reporter=ctx.subject, status="warning_recorded")
    if not Triage.objects.filter(incident=incident).exists():
        Triage.objects.create(council=ctx.council, incident=incident, manager=ctx.actor, outcome="informal_warning", reasons="Sweep",
                              warning_given_by="Sweep", warning_given_on=timezone.localdate(), warning_what_was_said="Sweep")
    return incident


SAMPLES.update({
    "letters:formal_warning_letter_prepare": lambda ctx: {"decision_id": _formal_warning(ctx).pk},
    "letters:informal_warning_letter_prepare": lambda ctx: {"incident_id": _informal_warning(ctx).pk},
    "appeals:appeal_record_formal_warning": lambda ctx: {"decision_id": _formal_warning(ctx).pk},
    "appeals:appeal_record_informal_warning": lambda ctx: {"incident_id": _informal_warning(ctx).pk},
})


# The second part registers its samples when imported (review and forget, staff emails, lists, set-up).
from tests import url_samples_later  # noqa: E402,F401
