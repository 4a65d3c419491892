from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.register.tests import builders
from safecontact.subject_access import clock, services
from safecontact.subject_access.models import SubjectAccessRequest


@pytest.mark.parametrize(("received", "due"), [
    (date(2026, 3, 4), date(2026, 4, 7)),  # 4 April 2026 is a Saturday: Easter Monday 6th, so Tuesday 7th
    (date(2026, 9, 3), date(2026, 10, 5)),  # 3 October 2026 is a Saturday: the next working day
    (date(2026, 6, 3), date(2026, 7, 3)),  # the same date next month
    (date(2027, 1, 31), date(2027, 3, 1)),  # no 31 February: 28th, a Sunday, so Monday 1 March
    (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year
    (date(2026, 3, 31), date(2026, 4, 30)),
    (date(2026, 12, 15), date(2027, 1, 15)),  # over the year end
])
def test_due_one_calendar_month_after_receipt(received, due):
    assert clock.due_on(received) == due


def test_extension_counts_further_months_from_receipt():
    assert clock.due_on(date(2027, 1, 31), extension_months=2) == date(2027, 4, 30)
    assert clock.due_on(date(2026, 11, 30), extension_months=1) == date(2027, 2, 1)  # 30 January 2027 is a Saturday


def test_days_left_and_overdue():
    assert clock.days_left(date(2026, 12, 10), today=date(2026, 12, 1)) == 9
    assert clock.days_left(date(2026, 12, 1), today=date(2026, 12, 3)) == -2


@pytest.fixture
def dpo(user_with_role):
    return user_with_role(Role.DPO, full_name="Dee Pio")


def test_start_sets_the_deadline_and_is_audited(council, dpo):
    person = builders.person(council)
    sar = services.sar_start(actor=dpo, council=council, person=person, received_on=date(2026, 1, 31))
    assert sar.due_on == date(2026, 3, 2)
    assert sar.status == SubjectAccessRequest.Status.OPEN and sar.handler == dpo
    assert sar.reference.startswith("SAR-")
    event = AuditEvent.objects.get(event_type="subject_access.started")
    assert event.subject_id == str(sar.pk) and event.actor_id == dpo.pk


def test_start_refuses_a_date_in_the_future(council, dpo):
    with pytest.raises(ApplicationError):
        services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date(2099, 1, 1))


def test_only_the_dpo_starts_a_request(council, user_with_role):
    manager = user_with_role(Role.REGISTER_MANAGER)
    with pytest.raises(PermissionDenied):
        services.sar_start(actor=manager, council=council, person=builders.person(council), received_on=date.today())


def test_extension_once_up_to_two_months_with_a_reason(council, dpo):
    sar = services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date.today())
    with pytest.raises(ApplicationError):
        services.sar_extend(actor=dpo, request=sar, months=3, reason="Complex")
    with pytest.raises(ApplicationError):
        services.sar_extend(actor=dpo, request=sar, months=2, reason="  ")
    sar = services.sar_extend(actor=dpo, request=sar, months=2, reason="Several requests at once")
    assert sar.due_on == clock.due_on(sar.received_on, extension_months=2)
    assert sar.extension_reason == "Several requests at once" and sar.extended_by == dpo
    with pytest.raises(ApplicationError, match="only once"):
        services.sar_extend(actor=dpo, request=sar, months=1, reason="Again")
    event = AuditEvent.objects.get(event_type="subject_access.extended")
    assert event.data == {"months": 2, "due_on": sar.due_on.isoformat()}


def test_no_extension_after_the_first_deadline(council, dpo):
    sar = services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date(2025, 1, 6))
    with pytest.raises(ApplicationError, match="first deadline has passed"):
        services.sar_extend(actor=dpo, request=sar, months=1, reason="Too late")


def test_overdue_until_answered(council, dpo):
    sar = services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date(2025, 1, 6))
    assert sar.is_overdue(date.today())
    services.sar_status_set(actor=dpo, request=sar, status="ready")
    sar = services.sar_status_set(actor=dpo, request=sar, status="sent")
    assert not sar.is_overdue(date.today()) and sar.sent_on == date.today()
    with pytest.raises(ApplicationError):
        services.sar_status_set(actor=dpo, request=sar, status="open")
