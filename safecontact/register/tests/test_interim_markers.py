"""The urgent interim safety marker (issue 11): approved by a decision-maker straight from the incident, with a
recorded reason; at most 28 days (a council setting, hard maximum in code and database); it lapses unless a full
decision confirms it, and checks leave it out from the day after its last day even before the daily run."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from safecontact.accounts.selectors import council_settings_for
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.register import services_interim as interim
from safecontact.register.models import Measure, live_filter
from safecontact.register.tests import builders as b


def approve(approver, council, incident, **kwargs):
    kwargs.setdefault("reason", "Threatened to stab the next officer who visits; visit due tomorrow.")
    return interim.measure_interim_approve(actor=approver, council=council, incident=incident, marker=b.marker_details(), **kwargs)


def test_a_decision_maker_approves_an_interim_marker_straight_from_the_incident(council, approver, incident, subject):
    measure = Measure.objects.get(pk=approve(approver, council, incident).pk)
    today = timezone.localdate()
    assert (measure.status, measure.origin, measure.decision, measure.person) == ("active", "interim", None, subject)
    assert measure.interim_until == measure.review_due == today + timedelta(days=28)
    assert measure.approved_by == measure.proposed_by == approver and measure.is_live and measure.is_unconfirmed_interim
    assert measure.versions.get().number == 1
    assert AuditEvent.objects.filter(event_type="measure.interim_approved", subject_id=str(measure.pk)).exists()


def test_the_council_may_set_a_shorter_period_never_a_longer_one(council, approver, incident):
    settings = council_settings_for(council=council)
    settings.interim_marker_days = 7
    settings.save()
    assert approve(approver, council, incident).interim_until == timezone.localdate() + timedelta(days=7)
    settings.interim_marker_days = 60  # the settings row is checked by the database too; the code never trusts it
    with pytest.raises(IntegrityError), transaction.atomic():
        settings.save()


def test_the_database_refuses_an_interim_marker_longer_than_28_days(council, approver, incident):
    measure = approve(approver, council, incident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(interim_until=measure.approved_on + timedelta(days=29))


def test_the_database_refuses_an_interim_marker_without_a_reason(council, approver, incident):
    measure = approve(approver, council, incident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(interim_reason="")


@pytest.mark.parametrize(("change", "message"), [
    ({"reason": "  "}, "Say why waiting for a full decision would put staff at risk."),
])
def test_an_interim_marker_needs_a_reason(council, approver, incident, change, message):
    with pytest.raises(ApplicationError, match=message):
        approve(approver, council, incident, **change)


def test_the_reporter_cannot_approve_an_interim_marker_on_their_own_report(council, approver, subject):
    with pytest.raises(ApplicationError, match="You reported this incident"):
        approve(approver, council, b.incident(council, approver, subject))


def test_an_officer_who_only_proposes_cannot_approve_an_interim_marker(council, officer, incident):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        approve(officer, council, incident)


def test_an_unconfirmed_interim_marker_lapses_after_its_last_day(council, approver, incident):
    measure = approve(approver, council, incident)
    last_day = measure.interim_until
    assert Measure.objects.filter(live_filter(last_day), pk=measure.pk).exists()
    # The day after: checks already leave it out, before the daily run has recorded the lapse.
    assert not Measure.objects.filter(live_filter(last_day + timedelta(days=1)), pk=measure.pk).exists()
    assert interim.interim_markers_lapsed(today=last_day) == []
    [due] = interim.interim_markers_lapsed(today=last_day + timedelta(days=1))
    ended = interim.interim_marker_lapse(measure=due)
    assert (ended.status, ended.ended_reason) == ("ended", "lapsed")
    assert interim.interim_markers_lapsed(today=last_day + timedelta(days=1)) == []


def test_a_decision_confirms_the_interim_marker_which_then_does_not_lapse(council, approver, officer, incident, user_with_role):
    from safecontact.access.policy import Role

    measure = approve(approver, council, incident)
    decision = b.decision_for(council, incident, officer, policy_version="2026.3")
    other_approver = user_with_role(Role.DECISION_MAKER)
    confirmed = interim.measure_interim_confirm(actor=other_approver, measure=measure, decision=decision)
    confirmed = Measure.objects.get(pk=confirmed.pk)
    assert (confirmed.decision, confirmed.case, confirmed.interim_until, confirmed.policy_version) == (
        decision, decision.case, None, "2026.3")
    assert confirmed.review_due > timezone.localdate() + timedelta(days=28)
    assert interim.interim_markers_lapsed(today=timezone.localdate() + timedelta(days=60)) == []
    assert [v.source for v in confirmed.versions.order_by("number")] == ["approval", "confirmation"]
    with pytest.raises(ApplicationError, match="not an unconfirmed interim marker"):
        interim.measure_interim_confirm(actor=other_approver, measure=confirmed, decision=decision)


def test_a_decision_about_someone_else_cannot_confirm_it(council, approver, officer, incident, staff):
    measure = approve(approver, council, incident)
    other = b.incident(council, staff, b.person(council, given="Ann", family="Other"))
    with pytest.raises(ApplicationError, match="not the person this marker is about"):
        interim.measure_interim_confirm(actor=approver, measure=measure, decision=b.decision_for(council, other, officer))


def test_a_decision_that_proposes_no_marker_cannot_confirm_it(council, approver, officer, incident):
    measure = approve(approver, council, incident)
    with pytest.raises(ApplicationError, match="does not propose a safety marker"):
        interim.measure_interim_confirm(actor=approver, measure=measure,
                                        decision=b.decision_for(council, incident, officer, outcome="propose_restriction"))


def test_a_lapsed_marker_cannot_be_confirmed(council, approver, officer, incident):
    measure = approve(approver, council, incident)
    Measure.objects.filter(pk=measure.pk).update(approved_on=timezone.localdate() - timedelta(days=30),
                                                 interim_until=timezone.localdate() - timedelta(days=2))
    with pytest.raises(ApplicationError, match="has lapsed"):
        interim.measure_interim_confirm(actor=approver, measure=measure, decision=b.decision_for(council, incident, officer))
