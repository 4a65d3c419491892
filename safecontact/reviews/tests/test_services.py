from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.letters.models import Event
from safecontact.register.services_terms import Terms
from safecontact.register.tests import builders
from safecontact.reviews import selectors, services
from safecontact.reviews.models import Review, ReviewDateChange, ReviewReminder
from safecontact.reviews.tests.helpers import APPROVED, approved_marker, on

DUE = date(2026, 7, 12)


@pytest.fixture
def approved(council, user_with_role):
    measure, manager = approved_marker(council, user_with_role)
    assert measure.review_due == DUE
    return measure, manager


@pytest.fixture
def marker(approved):
    return approved[0]


def daily(day, capture):
    with on(day, hour=6), capture(execute=True):
        return services.reviews_daily(today=day)


def test_a_measure_approved_today_is_reminded_30_and_7_days_before_its_review_and_not_before(
        marker, django_capture_on_commit_callbacks):
    sent = []
    day = APPROVED
    while day <= DUE:
        before = len(mail.outbox)
        daily(day, django_capture_on_commit_callbacks)
        sent += [(day, m) for m in mail.outbox[before:]]
        day += timedelta(days=1)
    assert [d for d, _ in sent] == [DUE - timedelta(days=30), DUE - timedelta(days=7)]
    for _, message in sent:
        assert message.to == [marker.owner.email] and message.subject == "A register entry you own is due for review"
        assert "Harrington" not in message.body and marker.reference not in message.body and str(marker.pk) in message.body
    assert list(ReviewReminder.objects.values_list("days_before", flat=True).order_by("-days_before")) == [30, 7]
    assert AuditEvent.objects.filter(event_type="review.reminder_sent", subject_id=str(marker.pk)).count() == 2


def test_overdue_after_the_grace_period_is_escalated_to_the_register_manager_once(
        approved, council, django_capture_on_commit_callbacks):
    marker, manager = approved
    grace_end = DUE + timedelta(days=14)
    assert daily(grace_end, django_capture_on_commit_callbacks)["escalations_sent"] == 0
    assert not selectors.overdue_measures(council=council, today=grace_end).exists()
    counts = daily(grace_end + timedelta(days=1), django_capture_on_commit_callbacks)
    assert counts["escalations_sent"] == 1
    assert list(selectors.overdue_measures(council=council, today=grace_end + timedelta(days=1))) == [marker]
    escalation = mail.outbox[-1]
    assert escalation.subject == "A register entry's review is overdue" and escalation.to == [manager.email]
    assert "Harrington" not in escalation.body and marker.reference not in escalation.body
    # It neither vanishes nor is silently extended: still live, same date, and checks still find it.
    marker.refresh_from_db()
    assert marker.status == "active" and marker.review_due == DUE
    assert daily(grace_end + timedelta(days=2), django_capture_on_commit_callbacks)["escalations_sent"] == 0


def test_overdue_entry_is_still_found_by_a_check(marker, council, user_with_role):
    day = DUE + timedelta(days=30)
    with on(day):
        staff = user_with_role(Role.STAFF)
        result = check_run(actor=staff, council=council, query=CheckQuery(purpose="home_visit", name="William Harrington",
                                                                             date_of_birth=date(1971, 3, 14)))
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY and result.entries[0].review_due == DUE


def test_a_second_daily_run_on_the_same_day_sends_nothing(marker, django_capture_on_commit_callbacks):
    for day in (DUE - timedelta(days=7), DUE + timedelta(days=20)):
        first = daily(day, django_capture_on_commit_callbacks)
        sent = len(mail.outbox)
        second = daily(day, django_capture_on_commit_callbacks)
        assert first["reminders_sent"] + first["escalations_sent"] == 1
        assert second["reminders_sent"] == second["escalations_sent"] == 0 and len(mail.outbox) == sent


def test_the_database_refuses_a_second_reminder_for_the_same_date(marker):
    fields = {"council": marker.council, "measure": marker, "kind": "reminder", "due_on": DUE, "days_before": 7, "sent_on": DUE}
    ReviewReminder.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewReminder.objects.create(**fields)


def test_a_new_incident_brings_the_review_forward_and_never_postpones_it(marker, council, user_with_role):
    day = date(2026, 3, 2)
    with on(day):
        reporter = user_with_role(Role.STAFF)
        incident = builders.incident(council, reporter, marker.person)
        change = services.review_bring_forward(actor=None, measure=marker, incident=incident, today=day)
    marker.refresh_from_db()
    assert change.moved and change.previous_due == DUE and change.new_due == date(2026, 4, 2) == marker.review_due
    event = AuditEvent.objects.get(event_type="review.brought_forward", subject_id=str(marker.pk))
    assert event.data["incident"] == str(incident.pk) and event.data["moved"] is True
    # The same incident again changes nothing; a later incident cannot push the date back.
    with on(day + timedelta(days=20)):
        assert services.review_bring_forward(actor=None, measure=marker, incident=incident, today=day + timedelta(days=20)) == change
        later = builders.incident(council, reporter, marker.person)
        again = services.review_bring_forward(actor=None, measure=marker, incident=later, today=day + timedelta(days=20))
    marker.refresh_from_db()
    assert not again.moved and marker.review_due == date(2026, 4, 2)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewDateChange.objects.filter(pk=again.pk).update(new_due=date(2026, 5, 1))


def test_the_daily_run_finds_an_incident_linked_to_the_person_and_brings_the_review_forward(
        marker, council, user_with_role, django_capture_on_commit_callbacks):
    day = date(2026, 5, 4)
    with on(day - timedelta(days=1)):
        incident = builders.incident(council, user_with_role(Role.STAFF), marker.person)
    counts = daily(day, django_capture_on_commit_callbacks)
    marker.refresh_from_db()
    assert counts["brought_forward"] == 1 and marker.review_due == date(2026, 6, 4)
    assert ReviewDateChange.objects.get(measure=marker).incident == incident
    assert daily(day, django_capture_on_commit_callbacks)["brought_forward"] == 0
    # The reminders follow the new date: 30 days before 4 June is 5 May.
    assert counts["reminders_sent"] == 0
    assert daily(day + timedelta(days=1), django_capture_on_commit_callbacks)["reminders_sent"] == 1


def test_linking_an_incident_to_the_person_brings_the_review_forward_at_once(marker, council, user_with_role):
    day = date(2026, 2, 16)
    with on(day):
        incident = builders.incident(council, user_with_role(Role.STAFF), None)
        incident.person = marker.person
        incident.save()
        assert services.reviews_after_incident_linked(actor=None, incident=incident, today=day) == 1
    marker.refresh_from_db()
    assert marker.review_due == date(2026, 3, 16)


def review(measure, actor, day, **fields):
    values = {"outcome": "continue", "reasons": "Two further threats since approval; precautions still needed."}
    values.update(fields)
    with on(day):
        return services.review_complete(actor=actor, measure=measure, **values)


def test_continuing_sets_the_next_review_within_the_maximum_and_prepares_the_outcome_letter(marker, council, user_with_role):
    day = date(2026, 7, 1)
    with on(day):
        officer = user_with_role(Role.REGISTER_OFFICER)
    done = review(marker, officer, day)
    marker.refresh_from_db()
    assert done.completed_on == day and done.due_on == DUE and done.next_review_due == date(2027, 1, 1) == marker.review_due
    assert marker.approved_on == day and marker.status == "active"
    assert done.letter is not None and done.letter.event == Event.REVIEW_OUTCOME and done.letter.extra["outcome"] == "continued"
    assert AuditEvent.objects.filter(event_type="review.completed", subject_id=str(done.pk)).exists()
    # A year on, a second review may again set a date up to 12 months ahead (the limit runs from the last review).
    later = date(2026, 12, 20)
    with on(later):
        officer = user_with_role(Role.REGISTER_OFFICER)
    again = review(marker, officer, later, next_review_due=date(2027, 12, 20))
    marker.refresh_from_db()
    assert again.next_review_due == marker.review_due == date(2027, 12, 20)


@pytest.mark.parametrize(("fields", "field"), [
    ({"next_review_due": date(2027, 7, 2)}, "next_review_due"),
    ({"next_review_due": date(2026, 6, 30)}, "next_review_due"),
    ({"reasons": "  "}, "reasons"),
    ({"outcome": "vary"}, "changed_terms"),
    ({"outcome": "lift"}, "outcome"),
])
def test_a_review_is_refused_without_reasons_or_with_a_date_beyond_the_maximum(marker, user_with_role, fields, field):
    with on(date(2026, 7, 1)):
        officer = user_with_role(Role.REGISTER_OFFICER)
    with pytest.raises(ApplicationError) as error:
        review(marker, officer, date(2026, 7, 1), **fields)
    assert error.value.field == field
    assert not Review.objects.exists()


def test_varying_records_what_changed(marker, user_with_role):
    with on(date(2026, 7, 1)):
        officer = user_with_role(Role.REGISTER_OFFICER)
    done = review(marker, officer, date(2026, 7, 1), outcome="vary", changed_terms="The dog has gone.",
                  terms=Terms(advice="Phone before visiting."))
    marker.refresh_from_db()
    assert marker.advice == "Phone before visiting." and "The dog has gone." in marker.reasons
    assert done.changed_terms == ("The dog has gone.\nAdvice: Phone before visiting; do not enter if the dog is loose. "
                                  "\u2192 Phone before visiting.")
    assert done.letter.extra["outcome"] == "varied" and done.letter.extra["changed_terms"] == done.changed_terms


def test_recommending_removal_leaves_the_entry_live_for_the_governance_group(marker, council, user_with_role):
    with on(date(2026, 7, 1)):
        officer = user_with_role(Role.REGISTER_OFFICER)
    done = review(marker, officer, date(2026, 7, 1), outcome="recommend_removal", reasons="No incident for six months.")
    marker.refresh_from_db()
    assert marker.status == "active" and marker.review_due == DUE and done.next_review_due is None and done.letter is None
    assert list(selectors.reviews_recommending_removal(council=council, since=None)) == [done]
    assert list(selectors.reviews_recommending_removal(council=council, since=date(2026, 7, 1))) == [done]
    assert not selectors.reviews_recommending_removal(council=council, since=date(2026, 7, 2)).exists()
    # A later review that continues the entry supersedes the recommendation.
    review(marker, officer, date(2026, 7, 5), reasons="New incident reported; keep it.")
    assert not selectors.reviews_recommending_removal(council=council, since=None).exists()


def test_not_telling_the_customer_needs_a_decision_maker(marker, user_with_role):
    with on(date(2026, 7, 1)):
        officer, decider = user_with_role(Role.REGISTER_OFFICER), user_with_role(Role.DECISION_MAKER)
    withhold = {"notify": False, "notify_reasons": "Telling him would provoke a further threat.", "notify_reconsider_on": date(2026, 8, 1)}
    with pytest.raises(ApplicationError) as error:
        review(marker, officer, date(2026, 7, 1), **withhold)
    assert error.value.field == "notify"
    done = review(marker, decider, date(2026, 7, 1), **withhold)
    marker.refresh_from_db()
    assert marker.notify_decision == "withheld" and done.letter is None and not done.notify_customer


def test_evidence_lists_incidents_and_checks_since_the_last_review(marker, council, user_with_role):
    with on(date(2026, 3, 1)):
        new = builders.incident(council, user_with_role(Role.STAFF), marker.person)
        check_run(actor=user_with_role(Role.STAFF), council=council,
                  query=CheckQuery(purpose="home_visit", name="William Harrington", date_of_birth=date(1971, 3, 14)))
    evidence = selectors.review_evidence(measure=marker)
    assert evidence.incidents == [new] and evidence.checks == 1
    with on(date(2026, 7, 1)):
        done = review(marker, user_with_role(Role.REGISTER_OFFICER), date(2026, 7, 1))
    assert list(done.evidence_incidents.all()) == [new] and done.evidence_checks == 1
    evidence = selectors.review_evidence(measure=marker)
    assert evidence.incidents == [] and evidence.checks == 0


def test_long_lived_entries_are_flagged_whatever_their_reviews_said(marker, council):
    assert not selectors.long_lived_measures(council=council, today=date(2028, 1, 11)).exists()
    assert list(selectors.long_lived_measures(council=council, today=date(2028, 1, 12))) == [marker]


def test_selectors_return_only_the_councils_own_rows(marker, other_council):
    late = DUE + timedelta(days=60)
    assert not selectors.overdue_measures(council=other_council, today=late).exists()
    assert not selectors.long_lived_measures(council=other_council, today=date(2030, 1, 1)).exists()
    assert not selectors.reviews_recommending_removal(council=other_council, since=None).exists()


def test_settings_change_when_reminders_go_and_are_audited(marker, council, user_with_role, django_capture_on_commit_callbacks):
    with on(APPROVED):
        manager = user_with_role(Role.REGISTER_MANAGER)
        services.review_settings_update(actor=manager, council=council, reminder_days="14, 60, 14", grace_days=7,
                                        bring_forward_months=2, long_lived_months=12)
    assert selectors.review_settings_for(council=council).reminder_day_list == [60, 14]
    assert AuditEvent.objects.get(event_type="review_settings.changed").data["reminder_days"] == "60,14"
    sent = [daily(DUE - timedelta(days=d), django_capture_on_commit_callbacks)["reminders_sent"] for d in (61, 60, 30, 14)]
    assert sent == [0, 1, 0, 1]
    with on(APPROVED), pytest.raises(ApplicationError):
        services.review_settings_update(actor=manager, council=council, reminder_days="soon", grace_days=7,
                                        bring_forward_months=2, long_lived_months=12)


def test_a_failure_on_one_measure_rolls_back_its_work_and_the_others_still_run(
        marker, council, user_with_role, monkeypatch, django_capture_on_commit_callbacks):
    with on(APPROVED):
        second = builders.live_marker(council, user_with_role, subject=builders.person(council, given="Ada", family="Lovelace"))
    real_escalate = services._escalate

    def broken(*, measure, today):
        if measure.pk == marker.pk:
            raise RuntimeError("injected")
        return real_escalate(measure=measure, today=today)

    monkeypatch.setattr(services, "_escalate", broken)
    counts = daily(DUE - timedelta(days=7), django_capture_on_commit_callbacks)
    assert counts["errors"] == 1 and counts["reminders_sent"] == 1
    assert list(ReviewReminder.objects.values_list("measure", flat=True)) == [second.pk]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [second.owner.email]


def test_a_checker_is_told_the_review_date_has_passed_and_the_precautions_still_apply(marker, council, user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    with on(DUE + timedelta(days=1)):
        result = check_run(actor=staff, council=council, query=CheckQuery(purpose="home_visit", name="William Harrington",
                                                                             date_of_birth=date(1971, 3, 14)))
        page = client_for(staff).get(f"/checks/{result.check.pk}/").content.decode()
    assert "Review date passed" in page and "The precautions still apply" in page
