"""The usage report by user (R45): counts per person over a period, unusual patterns in words, the page and its
audited CSV download."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.audit.services import audit_record
from safecontact.audit.usage import usage_report
from safecontact.checks.models import Check
from safecontact.core.tests.factories import TeamFactory
from safecontact.register.tests import builders as b

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 2, 10, tzinfo=LONDON)


@pytest.fixture
def teams(council):
    return TeamFactory(council=council, name="Housing"), TeamFactory(council=council, name="Waste")


def _checks(council, user, n, *, at=MONDAY, planned=True):
    for _ in range(n):
        with time_machine.travel(at, tick=False):
            Check.objects.create(council=council, checker=user, purpose="home_visit", outcome="no_entry",
                                 planned_for=at.date() if planned else None, query_postcode="GL50 1PQ")


def _events(council, user, event, n, *, at=MONDAY, subject=None):
    with time_machine.travel(at, tick=False):
        for _ in range(n):
            audit_record(actor=user, event=event, council=council, subject=subject or council)


def _row(rows, user):
    return next(r for r in rows if r.user_id == user.pk)


def test_counts_checks_views_and_downloads_in_the_period_only(council, other_council, user_with_role):
    officer = user_with_role(Role.REGISTER_OFFICER, full_name="Olive Officer")
    _checks(council, officer, 3)
    _checks(council, officer, 2, at=MONDAY - timedelta(days=40))  # before the period
    _checks(other_council, officer, 4)  # another council's checks are its own business
    _events(council, officer, EventType.VIEWED, 5)
    _events(council, officer, EventType.AUDIT_EXPORTED, 1)
    _events(council, officer, EventType.SIGNED_IN, 7)  # neither a check, a view nor a download
    rows = usage_report(council=council, since=date(2026, 11, 1), until=date(2026, 11, 30))
    row = _row(rows, officer)
    assert (row.name, row.checks, row.views, row.downloads, row.patterns) == ("Olive Officer", 3, 5, 1, [])


def test_many_checks_with_no_planned_contact_are_pointed_out(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    _checks(council, staff, 10, planned=False)
    _checks(council, staff, 2)
    row = _row(usage_report(council=council, since=date(2026, 11, 1), until=date(2026, 11, 30)), staff)
    assert row.patterns == ["10 of 12 checks gave no date of a planned contact"]


def test_out_of_hours_use_is_pointed_out(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    _checks(council, staff, 3, at=datetime(2026, 11, 2, 22, 30, tzinfo=LONDON))  # a Monday night
    _events(council, staff, EventType.VIEWED, 2, at=datetime(2026, 11, 7, 11, tzinfo=LONDON))  # a Saturday
    _events(council, staff, EventType.VIEWED, 4, at=MONDAY)
    row = _row(usage_report(council=council, since=date(2026, 11, 1), until=date(2026, 11, 30)), staff)
    assert row.out_of_hours == 5
    assert row.patterns == ["5 checks or views out of hours (before 7am, after 7pm or at a weekend)"]


def test_views_of_other_teams_records_are_pointed_out(council, user_with_role, teams):
    housing, waste = teams
    viewer = user_with_role(Role.MANAGER, team=housing)
    reporter = user_with_role(Role.STAFF)
    theirs = b.incident(council, reporter)
    theirs.team = waste
    theirs.save()
    ours = b.incident(council, reporter)
    ours.team = housing
    ours.save()
    for _ in range(5):
        _events(council, viewer, EventType.VIEWED, 1, subject=b.incident(council, reporter))  # no team: not counted
    _events(council, viewer, EventType.VIEWED, 3, subject=ours)
    incidents = [b.incident(council, reporter) for _ in range(5)]
    for incident in incidents:
        incident.team = waste
        incident.save()
        _events(council, viewer, EventType.VIEWED, 1, subject=incident)
    row = _row(usage_report(council=council, since=date(2026, 11, 1), until=date(2026, 11, 30)), viewer)
    assert row.views_outside_team == 5
    assert "5 views of records belonging to other teams" in row.patterns


def test_a_day_much_busier_than_the_persons_own_average_is_pointed_out(council, user_with_role):
    staff = user_with_role(Role.STAFF)
    for days_before in (3, 10, 17):
        _checks(council, staff, 2, at=MONDAY - timedelta(days=days_before + 10))
    _checks(council, staff, 25, at=datetime(2026, 11, 4, 11, tzinfo=LONDON))
    _checks(council, staff, 2)
    row = _row(usage_report(council=council, since=date(2026, 11, 1), until=date(2026, 11, 30)), staff)
    assert (row.busiest_day, row.busiest_count, row.baseline_per_day) == (date(2026, 11, 4), 25, 2.0)
    assert row.patterns == ["25 checks and views on 4 November 2026, against an average of 2 a day before"]
    steady = user_with_role(Role.STAFF)
    _checks(council, steady, 25, at=MONDAY)  # busy, but nothing earlier to compare with
    assert _row(usage_report(council=council, since=date(2026, 11, 1), until=date(2026, 11, 30)), steady).patterns == []


def test_filter_by_team_and_sort_by_a_count(council, user_with_role, teams):
    housing, waste = teams
    ann = user_with_role(Role.STAFF, full_name="Ann", team=housing)
    bob = user_with_role(Role.STAFF, full_name="Bob", team=housing)
    cat = user_with_role(Role.STAFF, full_name="Cat", team=waste)
    _checks(council, ann, 1)
    _checks(council, bob, 3)
    _checks(council, cat, 2)
    period = {"council": council, "since": date(2026, 11, 1), "until": date(2026, 11, 30)}
    assert [r.name for r in usage_report(**period)] == ["Ann", "Bob", "Cat"]
    assert [r.name for r in usage_report(**period, sort="checks")] == ["Bob", "Cat", "Ann"]
    assert [r.name for r in usage_report(**period, team_id=str(housing.pk), sort="checks")] == ["Bob", "Ann"]


# --- The page and the download ---

@pytest.fixture
def busy(council, user_with_role):
    staff = user_with_role(Role.STAFF, full_name="=HYPERLINK(\"x\")")
    _checks(council, staff, 10, planned=False, at=datetime.now(LONDON) - timedelta(days=1))
    return staff


def test_the_dpo_sees_the_report_and_its_viewing_is_audited(busy, council, user_with_role, client_for):
    dpo = user_with_role(Role.DPO)
    page = client_for(dpo).get(reverse("audit:usage_report"))
    text = page.content.decode()
    assert page.status_code == 200 and "10 of 10 checks gave no date of a planned contact" in text
    assert AuditEvent.objects.filter(event_type="access.listed", actor_id=dpo.pk, data__list="usage_report").exists()


def test_the_download_is_audited_and_formula_safe(busy, council, user_with_role, client_for):
    manager = user_with_role(Role.REGISTER_MANAGER)
    response = client_for(manager).get(reverse("audit:usage_report_export"))
    body = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK" in body and "Checks with no planned contact date" in body
    event = AuditEvent.objects.get(event_type="access.usage_report_exported")
    assert event.actor_id == manager.pk and event.data["rows"] >= 1


def test_a_wrong_date_is_shown_as_an_error_and_the_default_period_is_used(busy, council, user_with_role, client_for):
    page = client_for(user_with_role(Role.DPO)).get(reverse("audit:usage_report"), {"since_0": "31", "since_1": "2", "since_2": "2026"})
    assert page.status_code == 200 and "govuk-error-summary" in page.content.decode()


def test_checkers_cannot_open_the_report(council, user_with_role, client_for):
    assert client_for(user_with_role(Role.STAFF)).get(reverse("audit:usage_report")).status_code == 403
