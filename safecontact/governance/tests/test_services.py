from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.governance import services
from safecontact.governance.models import AgendaItem, ChecklistTask
from safecontact.letters.models import Event, Letter
from safecontact.register.models import Measure
from safecontact.register.tests import builders as b

from .conftest import make_long_lived, make_overdue, recommend_removal


def _other_marker(council, user_with_role, given, family):
    return b.live_marker(council, user_with_role, subject=b.person(council, given=given, family=family, dob=date(1980, 1, 1)))


def test_agenda_is_built_from_removal_recommendations_overdue_reviews_and_long_lived_entries(
        council, user_with_role, officer, meeting, marker):
    review = recommend_removal(marker, officer)
    overdue = make_overdue(_other_marker(council, user_with_role, "Priya", "Chaudhry"))
    long_lived = make_long_lived(_other_marker(council, user_with_role, "Tom", "Baker"))
    _other_marker(council, user_with_role, "Ann", "Quiet")  # none of the three: not listed

    added = services.meeting_agenda_build(actor=officer, meeting=meeting)

    by_measure = {item.measure_id: item for item in added}
    assert set(by_measure) == {marker.pk, overdue.pk, long_lived.pk}
    assert by_measure[marker.pk].reason == AgendaItem.Reason.RECOMMENDED_REMOVAL
    assert by_measure[marker.pk].review == review
    assert by_measure[overdue.pk].reason == AgendaItem.Reason.REVIEW_OVERDUE
    assert by_measure[long_lived.pk].reason == AgendaItem.Reason.LONG_LIVED
    assert AuditEvent.objects.filter(event_type="governance.agenda_built", subject_id=str(meeting.pk)).exists()


def test_building_the_agenda_twice_adds_nothing_the_second_time(council, user_with_role, officer, meeting, marker):
    recommend_removal(marker, officer)
    make_overdue(marker)
    assert len(services.meeting_agenda_build(actor=officer, meeting=meeting)) == 1
    assert services.meeting_agenda_build(actor=officer, meeting=meeting) == []
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.reason == AgendaItem.Reason.RECOMMENDED_REMOVAL
    assert item.other_reasons == [AgendaItem.Reason.REVIEW_OVERDUE]


def test_recommendations_before_the_last_meeting_are_not_listed_again_but_undecided_items_carry_forward(
        council, user_with_role, officer, member, marker):
    earlier = services.meeting_create(actor=officer, council=council, held_on=timezone.localdate() - timedelta(days=90))
    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=earlier)
    later = services.meeting_create(actor=officer, council=council, held_on=timezone.localdate() + timedelta(days=1))
    items = services.meeting_agenda_build(actor=officer, meeting=later)
    # the recommendation dates from today, after the earlier meeting: listed for the later one too,
    # and the earlier meeting's undecided item is carried forward into the same single row
    assert [i.measure_id for i in items] == [marker.pk]


def test_only_officers_build_the_agenda(member, meeting):
    with pytest.raises(PermissionDenied):
        services.meeting_agenda_build(actor=member, meeting=meeting)


def test_members_present_must_be_governance_members(council, officer, user_with_role):
    staff = user_with_role(Role.STAFF)
    with pytest.raises(ApplicationError) as error:
        services.meeting_create(actor=officer, council=council, held_on=timezone.localdate(), members_present=[staff])
    assert error.value.field == "members_present"


def _listed(officer, meeting, marker):
    recommend_removal(marker, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    return AgendaItem.objects.get(meeting=meeting, measure=marker)


def _check(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    return check_run(actor=staff, council=council, query=CheckQuery(purpose="home_visit", name="William Harrington",
                                                                     date_of_birth=date(1971, 3, 14))).outcome


def test_removal_ends_the_entry_so_checks_no_longer_find_it(council, user_with_role, officer, member, meeting, marker):
    item = _listed(officer, meeting, marker)
    assert _check(council, user_with_role) == Check.Outcome.PRECAUTIONS_APPLY

    services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="Behaviour has improved for a year.")

    marker.refresh_from_db()
    assert marker.status == Measure.Status.ENDED and marker.ended_reason == Measure.EndedReason.REMOVED
    assert _check(council, user_with_role) == Check.Outcome.NO_ENTRY


def test_removal_opens_the_checklist_and_prepares_the_letter(council, user_with_role, officer, member, meeting, marker):
    partner = user_with_role(Role.PARTNER).organisation
    marker.shared_with.add(partner)
    item = _listed(officer, meeting, marker)

    item = services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="Behaviour has improved for a year.")

    labels = set(item.checklist.values_list("label", flat=True))
    assert {"CRM customer marker", "Email block or mail filter rule", "Building access or reception pass list"} <= labels
    assert f"Copy held by {partner.name}" in labels
    assert set(item.checklist.values_list("status", flat=True)) == {ChecklistTask.Status.PENDING}
    letter = item.removal_letter
    assert letter.event == Event.REMOVAL and letter.measure == marker and letter.status == Letter.Status.DRAFT
    assert letter.extra["outcome_reasons"] == "Behaviour has improved for a year."
    event = AuditEvent.objects.get(event_type="governance.item_decided", subject_id=str(item.pk))
    assert event.actor_id == member.pk and event.data["decision"] == "remove"
    assert AuditEvent.objects.filter(event_type="measure.ended", subject_id=str(marker.pk)).exists()


def test_no_letter_when_the_customer_was_never_told(council, user_with_role, officer, member, meeting, marker):
    item = _listed(officer, meeting, marker)
    Measure.objects.filter(pk=marker.pk).update(notify_decision=Measure.Notify.WITHHELD)
    item = services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="No longer needed.")
    assert item.removal_letter is None
    assert not Letter.objects.filter(measure=marker, event=Event.REMOVAL).exists()


def test_retain_keeps_the_entry_live_and_checks_still_find_it(council, user_with_role, officer, member, meeting, marker):
    item = _listed(officer, meeting, marker)
    item = services.agenda_item_decide(actor=member, item=item, decision="retain", reasons="Threats repeated last month.")
    marker.refresh_from_db()
    assert marker.is_live and item.decision == "retain" and item.decided_by == member
    assert not item.checklist.exists() and item.removal_letter is None
    assert _check(council, user_with_role) == Check.Outcome.PRECAUTIONS_APPLY


def test_a_decision_needs_reasons_and_cannot_be_made_twice(officer, member, meeting, marker):
    item = _listed(officer, meeting, marker)
    with pytest.raises(ApplicationError) as error:
        services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="  ")
    assert error.value.field == "reasons"
    services.agenda_item_decide(actor=member, item=item, decision="retain", reasons="Still needed.")
    with pytest.raises(ApplicationError):
        services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="Changed our minds.")


def test_only_governance_members_decide(officer, user_with_role, meeting, marker):
    item = _listed(officer, meeting, marker)
    for role in (Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.DECISION_MAKER):
        with pytest.raises(PermissionDenied):
            services.agenda_item_decide(actor=user_with_role(role), item=item, decision="remove", reasons="x")


def test_no_decision_before_the_meeting(council, officer, member, marker):
    future = services.meeting_create(actor=officer, council=council, held_on=timezone.localdate() + timedelta(days=7))
    item = _listed(officer, future, marker)
    with pytest.raises(ApplicationError):
        services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="Early.")


def test_ticking_the_checklist_records_who_and_when(officer, member, meeting, marker):
    item = _listed(officer, meeting, marker)
    item = services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="No longer needed.")
    task = item.checklist.first()
    task = services.checklist_task_update(actor=officer, task=task, status="done")
    assert task.done_by == officer and task.done_at is not None
    task = services.checklist_task_update(actor=officer, task=task, status="pending")
    assert task.done_by is None and task.done_at is None
    assert AuditEvent.objects.filter(event_type="governance.checklist_updated", subject_id=str(task.pk)).count() == 2


def test_a_council_may_add_its_own_systems_to_the_checklist(council, other_council, officer, member, meeting, marker):
    """Where flags are copied is one of the managed lists (lists/): register officers keep it, as before."""
    from safecontact.governance.selectors import external_systems_for
    from safecontact.lists.registry import list_for
    from safecontact.lists.services import list_item_add, list_item_retire

    systems = list_for("external-systems")
    list_item_add(actor=officer, council=council, spec=systems, values={"label": "Leisure centre membership bar", "owner": "Leisure"})
    with pytest.raises(ApplicationError):
        list_item_add(actor=officer, council=council, spec=systems, values={"label": "leisure centre membership BAR"})
    retired = external_systems_for(council=council).first()
    list_item_retire(actor=officer, council=council, spec=systems, item=retired)
    item = services.agenda_item_decide(actor=member, item=_listed(officer, meeting, marker), decision="remove", reasons="Done.")
    assert item.checklist.filter(label="Leisure centre membership bar").exists()
    assert not item.checklist.filter(label=retired.label).exists()
    assert not external_systems_for(council=other_council).filter(label="Leisure centre membership bar").exists()
    assert external_systems_for(council=other_council).filter(pk=retired.pk).exists()


def test_meeting_is_recorded_as_held_only_on_or_after_its_date(council, officer, member):
    future = services.meeting_create(actor=officer, council=council, held_on=timezone.localdate() + timedelta(days=7))
    with pytest.raises(ApplicationError):
        services.meeting_update(actor=officer, meeting=future, held_on=future.held_on, status="held", members_present=[member])
    held = services.meeting_update(actor=officer, meeting=future, held_on=timezone.localdate(), status="held", members_present=[member])
    assert held.status == "held" and list(held.members_present.all()) == [member]


def test_agenda_of_one_council_never_lists_another_councils_entries(council, other_council, user_with_role, officer, meeting, marker):
    elsewhere_officer = user_with_role(Role.REGISTER_OFFICER, for_council=other_council)
    elsewhere = services.meeting_create(actor=elsewhere_officer, council=other_council, held_on=timezone.localdate())
    recommend_removal(marker, officer)
    make_overdue(marker)
    assert services.meeting_agenda_build(actor=elsewhere_officer, meeting=elsewhere) == []
