"""Every transition locks its row and reads it again (issue 11). Here one after the other, with the loser holding
a stale copy of the entry, as a page opened before the other person acted would; test_transitions_race.py runs
the same transitions at the same moment on PostgreSQL."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.register import services
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b


@pytest.fixture
def dafydd(user_with_role):
    return user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan")


@pytest.fixture
def awaiting(council, officer, incident, subject):
    return b.propose(actor=officer, council=council, originating_incident=incident, person=subject,
                                    reasons="Threats on two visits", marker=b.marker_details())


def stale(measure):
    return Measure.objects.select_related("council").get(pk=measure.pk)


def events(measure, event_type):
    return AuditEvent.objects.filter(subject_id=str(measure.pk), event_type=event_type).count()


def hh_mm(moment):
    return f"{timezone.localtime(moment):%H:%M}"


def test_approving_an_entry_refused_meanwhile_is_refused_with_what_happened(awaiting, approver, dafydd):
    page = stale(awaiting)
    services.measure_refuse(actor=dafydd, measure=awaiting, reason="The incident does not meet the threshold.")
    with pytest.raises(ApplicationError) as refused:
        services.measure_approve(actor=approver, measure=page)
    final = Measure.objects.get(pk=awaiting.pk)
    assert refused.value.message == f"This entry is no longer awaiting approval: it was refused at {hh_mm(final.ended_at)}."
    assert (final.status, final.ended_reason, final.approved_by_id) == ("ended", "refused", None)
    assert events(awaiting, "measure.refused") == 1 and events(awaiting, "measure.approved") == 0


def test_refusing_an_entry_approved_meanwhile_is_refused_with_who_approved_it(awaiting, approver, dafydd):
    page = stale(awaiting)
    services.measure_approve(actor=dafydd, measure=awaiting)
    with pytest.raises(ApplicationError) as refused:
        services.measure_refuse(actor=approver, measure=page, reason="Not enough evidence.")
    final = Measure.objects.get(pk=awaiting.pk)
    assert refused.value.message == f"This entry has already been approved by Dafydd Morgan at {hh_mm(final.approved_at)}."
    assert (final.status, final.ended_reason, final.approved_by_id) == ("active", "", dafydd.pk)
    assert "Not approved" not in final.reasons
    assert events(awaiting, "measure.approved") == 1 and events(awaiting, "measure.refused") == 0


def test_approving_an_entry_approved_meanwhile_is_refused_with_who_approved_it(awaiting, approver, dafydd):
    page = stale(awaiting)
    services.measure_approve(actor=dafydd, measure=awaiting)
    with pytest.raises(ApplicationError) as refused:
        services.measure_approve(actor=approver, measure=page)
    final = Measure.objects.get(pk=awaiting.pk)
    assert refused.value.message == f"This entry has already been approved by Dafydd Morgan at {hh_mm(final.approved_at)}."
    assert final.approved_by_id == dafydd.pk
    assert events(awaiting, "measure.approved") == 1


def test_ending_an_entry_ended_meanwhile_is_refused_with_when_it_ended(council, user_with_role, approver):
    live = b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    page = stale(live)
    services.measure_end(actor=approver, measure=live, reason="Removed at review")
    with pytest.raises(ApplicationError) as refused:
        services.measure_end(actor=approver, measure=page, reason="Removed again", ended_reason=Measure.EndedReason.OVERTURNED)
    final = Measure.objects.get(pk=live.pk)
    assert refused.value.message == f"This entry has already ended: it was removed at {hh_mm(final.ended_at)}."
    assert (final.status, final.ended_reason) == ("ended", "removed")
    assert events(live, "measure.ended") == 1


def test_ending_an_entry_still_awaiting_approval_says_so(awaiting, approver):
    with pytest.raises(ApplicationError) as refused:
        services.measure_end(actor=approver, measure=awaiting, reason="Removed")
    assert refused.value.message == "This entry is not live yet: it is still awaiting approval."
    assert events(awaiting, "measure.ended") == 0


def test_a_transition_on_an_older_day_names_the_date(awaiting, approver, dafydd):
    page = stale(awaiting)
    services.measure_refuse(actor=dafydd, measure=awaiting, reason="Below the threshold.")
    Measure.objects.filter(pk=awaiting.pk).update(ended_at=datetime(2026, 3, 4, 10, 42, tzinfo=timezone.get_current_timezone()))
    with pytest.raises(ApplicationError) as refused:
        services.measure_approve(actor=approver, measure=page)
    assert refused.value.message == "This entry is no longer awaiting approval: it was refused on 4 March 2026."


def test_the_approve_page_shows_the_losers_message_as_a_problem(awaiting, approver, dafydd, client_for):
    services.measure_refuse(actor=dafydd, measure=awaiting, reason="Below the threshold.")
    response = client_for(approver).post(reverse("register:measure_approve", args=[awaiting.pk]), {}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "This entry is no longer awaiting approval: it was refused at" in page
    assert events(awaiting, "measure.approved") == 0


def test_the_refuse_page_shows_the_losers_message_as_a_problem(awaiting, approver, dafydd, client_for):
    services.measure_approve(actor=dafydd, measure=awaiting)
    response = client_for(approver).post(reverse("register:measure_refuse", args=[awaiting.pk]), {"reason": "Not enough evidence."}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "This entry has already been approved by Dafydd Morgan at" in page
    assert events(awaiting, "measure.refused") == 0
