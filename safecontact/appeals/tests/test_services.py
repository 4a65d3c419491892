from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals import selectors, services
from safecontact.appeals.models import Appeal
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.core.workdays import add_working_days
from safecontact.incidents.models import Triage
from safecontact.letters import services as letters
from safecontact.letters.models import Event
from safecontact.letters.tests.factories import live_restriction
from safecontact.register.models import Measure, RestrictionType
from safecontact.register.services_terms import Terms


@pytest.fixture
def case(council, user_with_role):
    measure, officer, approver, reporter = live_restriction(council, user_with_role)
    letter = letters.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    letter = letters.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    return {"measure": measure, "officer": officer, "approver": approver, "reporter": reporter, "letter": letter,
            "manager": user_with_role(Role.REGISTER_MANAGER), "appeals": user_with_role(Role.APPEALS_OFFICER)}


def record(case, **kw):
    fields = {"actor": case["officer"], "council": case["measure"].council, "measure": case["measure"], "letter": case["letter"],
              "received_on": timezone.localdate(), "channel": "letter", "grounds": ["disproportionate"]}
    fields.update(kw)
    return services.appeal_record(**fields)


def test_recording_sets_working_day_deadlines_and_tells_the_owner_with_a_link_only(case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appeal = record(case)
    today = timezone.localdate()
    assert appeal.appeal_by == add_working_days(case["letter"].issued_on, 10) and not appeal.is_late
    assert appeal.decision_due == add_working_days(today, 10)
    assert appeal.acknowledgement_letter.event == Event.APPEAL_ACKNOWLEDGEMENT and appeal.acknowledgement_letter.status == "draft"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [case["measure"].owner.email]
    assert "Harrington" not in mail.outbox[0].body and str(appeal.pk) in mail.outbox[0].body
    event = AuditEvent.objects.get(subject_id=str(appeal.pk), event_type="appeal.recorded")
    assert event.data["grounds"] == ["disproportionate"] and event.data["late"] is False
    assert selectors.measure_ids_under_appeal(council_id=appeal.council_id) == {case["measure"].pk}


def test_late_appeal_is_flagged_for_the_register_manager(case, council):
    letter = case["letter"]
    letter.issued_on = timezone.localdate() - timedelta(days=60)
    letter.save(update_fields=["issued_on"])
    appeal = record(case)
    assert appeal.is_late and appeal.appeal_by == add_working_days(letter.issued_on, 10)
    assert list(selectors.appeal_list_for(actor=case["manager"], council=council, show="late")) == [appeal]


@pytest.mark.parametrize("who", ["officer", "approver", "reporter", "owner", "triager"])
def test_nobody_involved_in_the_case_can_be_assigned(case, user_with_role, who):
    measure = case["measure"]
    if who == "triager":
        triager = user_with_role(Role.APPEALS_OFFICER)
        Triage.objects.create(council=measure.council, incident=measure.originating_incident, manager=triager, outcome="refer", reasons="x")
        candidate = triager
    else:
        candidate = measure.owner if who == "owner" else case[who]
        from safecontact.accounts.services import role_assignment_bootstrap

        role_assignment_bootstrap(council=measure.council, user=candidate, role=Role.APPEALS_OFFICER, reason="test")
        candidate.__dict__.pop("_roles_cache", None)
    appeal = record(case)
    with pytest.raises(ApplicationError, match="had a part in this case"):
        services.appeal_assign(actor=case["manager"], appeal=appeal, officer=candidate)
    assert candidate not in selectors.eligible_officers_for(appeal=appeal)
    appeal.refresh_from_db()
    assert appeal.appeals_officer is None and not AuditEvent.objects.filter(event_type="appeal.assigned").exists()


def test_only_appeals_officers_can_be_assigned(case, user_with_role):
    appeal = record(case)
    with pytest.raises(ApplicationError, match="appeals officer role"):
        services.appeal_assign(actor=case["manager"], appeal=appeal, officer=user_with_role(Role.REGISTER_OFFICER))


def test_overturned_appeal_ends_the_measure_and_produces_the_outcome_letter(case, user_with_role, django_capture_on_commit_callbacks):
    appeal = record(case)
    with django_capture_on_commit_callbacks(execute=True):
        services.appeal_assign(actor=case["manager"], appeal=appeal, officer=case["appeals"])
    assert mail.outbox[-1].to == [case["appeals"].email]
    with pytest.raises(ApplicationError, match="Only the appeals officer assigned"):
        services.appeal_decide(actor=user_with_role(Role.APPEALS_OFFICER), appeal=appeal, outcome="overturned", reasons="x")
    with django_capture_on_commit_callbacks(execute=True):
        appeal = services.appeal_decide(actor=case["appeals"], appeal=appeal, outcome="overturned", reasons="Identity not established.")
    measure = Measure.objects.get(pk=case["measure"].pk)
    assert measure.status == Measure.Status.ENDED and measure.ended_reason == Measure.EndedReason.OVERTURNED
    assert appeal.outcome_letter.event == Event.APPEAL_OUTCOME and appeal.outcome_letter.extra["outcome"] == "overturned"
    assert mail.outbox[-1].to == [case["reporter"].email]
    assert AuditEvent.objects.get(subject_id=str(appeal.pk), event_type="appeal.decided").data["outcome"] == "overturned"
    assert selectors.measure_ids_under_appeal(council_id=appeal.council_id) == set()


def test_varied_appeal_changes_the_review_date(case):
    appeal = record(case)
    services.appeal_assign(actor=case["manager"], appeal=appeal, officer=case["appeals"])
    new_review = timezone.localdate() + timedelta(days=60)
    with pytest.raises(ApplicationError, match="how the measure changes"):
        services.appeal_decide(actor=case["appeals"], appeal=appeal, outcome="varied", reasons="Too long.")
    services.appeal_decide(actor=case["appeals"], appeal=appeal, outcome="varied", reasons="Too long.",
                           changed_terms="Reviewed sooner.", review_due=new_review)
    measure = Measure.objects.get(pk=case["measure"].pk)
    assert measure.status == Measure.Status.ACTIVE and measure.review_due == new_review
    assert measure.reasons == "Shouted at and threatened officers"  # only the date changed
    assert AuditEvent.objects.get(subject_id=str(measure.pk), event_type="measure.varied").data["review_due"] == new_review.isoformat()


def test_varied_appeal_changes_the_restriction_as_a_new_version(case):
    appeal = record(case)
    services.appeal_assign(actor=case["manager"], appeal=appeal, officer=case["appeals"])
    spoc = list(RestrictionType.objects.filter(council__isnull=True, code="spoc"))
    appeal = services.appeal_decide(
        actor=case["appeals"], appeal=appeal, outcome="varied", reasons="Writing only is too strict for him.",
        changed_terms="He may phone the named officer.", terms=Terms(restriction_types=spoc, permitted_channels="Phone to the named officer"))
    measure = Measure.objects.get(pk=case["measure"].pk)
    assert [t.code for t in measure.restriction_types.all()] == ["spoc"] and measure.permitted_channels == "Phone to the named officer"
    assert f"Varied on appeal {appeal.reference}: He may phone the named officer." in measure.reasons
    latest = measure.versions.order_by("-number").first()
    assert (latest.number, latest.source, latest.changed_by, latest.why) == (
        2, "appeal", case["appeals"], "He may phone the named officer.")
    assert appeal.changed_terms.splitlines() == [
        "He may phone the named officer.", "Permitted channels: none \u2192 Phone to the named officer",
        "Restrictions: Written contact only \u2192 Single point of contact (and deputy)"]
    assert appeal.outcome_letter.extra["changed_terms"] == appeal.changed_terms


def test_public_appeal_needs_the_reference_and_code_and_reveals_nothing(case):
    letter = case["letter"]
    assert services.appeal_submit_public(reference=letter.reference, code="WRONG123", grounds=["other"], grounds_detail="x") is None
    assert services.appeal_submit_public(reference="LET-1999-000001", code=letter.verification_code, grounds=["other"], grounds_detail="x") is None
    assert Appeal.objects.count() == 0
    appeal = services.appeal_submit_public(reference=letter.reference.lower(), code=letter.verification_code.lower(),
                                           grounds=["wrongly_identified"], grounds_detail="<script>alert(1)</script>")
    assert appeal.channel == "online" and appeal.recorded_by is None and appeal.measure == case["measure"]
    assert AuditEvent.objects.get(subject_id=str(appeal.pk)).actor_type == "anonymous"


def test_draft_letters_cannot_be_appealed_online(case, council):
    draft = letters.letter_prepare(actor=case["officer"], council=council, event=Event.CONTACT_RESTRICTION,
                                   person=case["measure"].person, measure=case["measure"])
    assert services.appeal_submit_public(reference=draft.reference, code=draft.verification_code, grounds=["other"], grounds_detail="x") is None


def test_appeal_window_skips_bank_holidays():
    # Letter on Friday 19 December 2025: Christmas Day, Boxing Day and New Year's Day are not counted.
    assert add_working_days(date(2025, 12, 19), 10) == date(2026, 1, 7)


def test_a_letters_code_makes_one_appeal_and_then_names_it(case):
    letter = case["letter"]
    first = services.appeal_submit_public(reference=letter.reference, code=letter.verification_code, grounds=["other"], grounds_detail="x")
    with pytest.raises(services.AppealAlreadyReceivedError) as again:
        services.appeal_submit_public(reference=letter.reference, code=letter.verification_code, grounds=["disproportionate"], grounds_detail="")
    assert again.value.reference == first.reference and Appeal.objects.count() == 1


def test_a_letter_appealed_by_post_cannot_be_appealed_again_online(case):
    by_post = record(case)
    letter = case["letter"]
    with pytest.raises(services.AppealAlreadyReceivedError, match=by_post.reference):
        services.appeal_submit_public(reference=letter.reference, code=letter.verification_code, grounds=["other"], grounds_detail="x")


def test_the_database_refuses_a_second_online_appeal_against_a_letter(case):
    from django.db import IntegrityError, transaction

    letter = case["letter"]
    first = services.appeal_submit_public(reference=letter.reference, code=letter.verification_code, grounds=["other"], grounds_detail="x")
    first.pk, first.reference = None, "APL-TEST-2"
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save(force_insert=True)
