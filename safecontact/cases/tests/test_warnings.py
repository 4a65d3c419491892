"""A warning counts for WARNING_IN_FORCE_MONTHS from the day it was given, or until it is withdrawn on appeal
(domain R20); only warnings in force count as "warning given first" (R17)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.cases import selectors, services
from safecontact.cases.warnings import WARNING_IN_FORCE_MONTHS, formal_warning_status, informal_warning_status
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents.services_triage import informal_warning_withdraw
from safecontact.letters.tests.warning_builders import formal_warning, informal_warning

GIVEN = date(2026, 3, 2)


def at(day):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo("Europe/London")), tick=False)


def test_the_period_is_twelve_months():
    assert WARNING_IN_FORCE_MONTHS == 12


def test_a_formal_warning_is_in_force_for_twelve_months_then_expires(council, user_with_role):
    with at(GIVEN):
        made = formal_warning(council, user_with_role)
    case = made.decision.case
    status = formal_warning_status(made.decision, today=date(2027, 3, 1))
    assert status.is_current and status.label == "In force until 2 March 2027"
    assert selectors.warnings_before(case, today=date(2027, 3, 1))["formal"] is True
    expired = formal_warning_status(made.decision, today=date(2027, 3, 2))
    assert not expired.is_current and expired.label == "Expired on 2 March 2027"
    assert selectors.warnings_before(case, today=date(2027, 3, 2))["formal"] is False


def test_an_informal_warning_counts_from_the_day_it_was_given(council, user_with_role):
    made = informal_warning(council, user_with_role, given_on=GIVEN)
    triage = made.incident.triage
    assert informal_warning_status(triage, today=date(2027, 3, 1)).is_current
    assert informal_warning_status(triage, today=date(2027, 3, 2)).state == "expired"


def test_a_withdrawn_warning_stops_counting_at_once_and_is_audited(council, user_with_role):
    made = formal_warning(council, user_with_role)
    assert selectors.warnings_before(made.decision.case)["formal"] is True
    decision = services.formal_warning_withdraw(actor=None, decision=made.decision, reason="Overturned on appeal APL-2026-000001")
    case = selectors.case_get_for(actor=made.decider, council=council, id=decision.case_id)
    assert selectors.warnings_before(case)["formal"] is False
    assert formal_warning_status(decision).state == "withdrawn"
    event = AuditEvent.objects.get(event_type="warning.withdrawn", subject_id=str(decision.pk))
    assert event.data["kind"] == "formal"
    with pytest.raises(ApplicationError, match="already been withdrawn"):
        services.formal_warning_withdraw(actor=None, decision=decision, reason="Again")


def test_an_informal_warning_withdrawn_no_longer_counts(council, user_with_role):
    made = informal_warning(council, user_with_role)
    triage = informal_warning_withdraw(actor=None, triage=made.incident.triage, reason="Overturned on appeal APL-2026-000001")
    assert informal_warning_status(triage).state == "withdrawn"
    assert AuditEvent.objects.filter(event_type="warning.withdrawn", subject_id=str(made.incident.pk)).exists()


def test_only_appeals_officers_withdraw_a_warning(council, user_with_role):
    made = formal_warning(council, user_with_role)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.formal_warning_withdraw(actor=made.decider, decision=made.decision, reason="No")
    services.formal_warning_withdraw(actor=user_with_role(Role.APPEALS_OFFICER), decision=made.decision, reason="On appeal")


def test_the_case_page_says_whether_the_warning_is_in_force(council, user_with_role, client_for):
    made = formal_warning(council, user_with_role)
    client = client_for(made.decider)
    until = formal_warning_status(made.decision).ends_on
    assert f"In force until {until:%-d %B %Y}" in client.get(f"/cases/{made.decision.case_id}/").content.decode()
    given = made.decision.decided_at - timedelta(days=400)  # as if decided more than a year ago
    type(made.decision).objects.filter(pk=made.decision.pk).update(decided_at=given)
    page = client.get(f"/cases/{made.decision.case_id}/").content.decode()
    assert "Expired on" in page and "It no longer counts towards escalation" in page
