from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts.models import Team
from safecontact.checks.services import CheckQuery, check_run
from safecontact.governance import services
from safecontact.governance.selectors_report import Quarter, governance_report, quarter_of, quarter_parse
from safecontact.register.models import RestrictionType
from safecontact.register.services import measure_approve
from safecontact.register.tests import builders as b

from .conftest import recommend_removal


def test_quarter_parsing_and_bounds():
    q = Quarter(2026, 1)
    assert (q.starts_on, q.ends_on) == (date(2026, 1, 1), date(2026, 3, 31))
    assert Quarter(2026, 4).ends_on == date(2026, 12, 31)
    assert quarter_parse("2026-Q2", today=date(2026, 11, 1)) == Quarter(2026, 2)
    assert quarter_parse("2027-Q1", today=date(2026, 11, 1)) == Quarter(2026, 4)  # never the future
    assert quarter_parse("nonsense", today=date(2026, 5, 1)) == Quarter(2026, 2)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


def test_report_for_an_empty_council_is_all_zero(council):
    report = governance_report(council=council, quarter=quarter_of(timezone.localdate()))
    assert report.is_empty and report.live_total == 0 and report.live_by_band == []


def test_report_counts_live_entries_new_entries_removals_restrictions_and_disclosures(
        council, user_with_role, officer, member, meeting, marker):
    housing = Team.objects.create(council=council, name="Housing")
    marker.services.add(housing)
    partner_user = user_with_role(Role.PARTNER)
    marker.shared_with.add(partner_user.organisation)
    # a contact restriction, live, about someone else
    other = b.person(council, given="Priya", family="Chaudhry", dob=date(1985, 1, 1))
    restriction = b.propose(actor=officer, council=council, originating_incident=b.incident(council, user_with_role(Role.STAFF), other),
                                  person=other, reasons="Abusive calls", restriction=b.restriction_details())
    restriction = measure_approve(actor=user_with_role(Role.DECISION_MAKER), measure=restriction)
    # the partner checks and is shown precautions: a disclosure
    check_run(actor=partner_user, council=council, query=CheckQuery(purpose="home_visit", name="William Harrington",
                                                                   date_of_birth=date(1971, 3, 14)))
    # a third entry is removed by the Governance Group
    third = b.live_marker(council, user_with_role, subject=b.person(council, given="Tom", family="Baker", dob=date(1990, 2, 2)))
    recommend_removal(third, officer)
    services.meeting_agenda_build(actor=officer, meeting=meeting)
    item = meeting.items.get(measure=third)
    services.agenda_item_decide(actor=member, item=item, decision="remove", reasons="No longer needed.")

    report = governance_report(council=council, quarter=quarter_of(timezone.localdate()))

    assert report.live_total == 2
    assert report.new_entries == 3
    assert report.removals == 1 and report.ended_by_reason == [("Removed", 1)]
    assert dict(report.live_by_band) == {"High": 1, "No risk band (contact restrictions)": 1}
    assert dict(report.live_by_service) == {"Housing": 1, "No named service": 1}
    assert dict(report.restrictions_by_type) == {RestrictionType.objects.get(code="written_only", council=None).label: 1}
    assert dict(report.entries_shared_by_partner) == {partner_user.organisation.name: 1}
    assert dict(report.partner_checks_with_precautions) == {partner_user.organisation.name: 1}
    assert not report.is_empty


def test_an_earlier_quarter_does_not_count_entries_made_after_it(council, marker):
    current = quarter_of(timezone.localdate())
    report = governance_report(council=council, quarter=current.previous())
    assert report.live_total == 0 and report.new_entries == 0


def test_overdue_reviews_are_counted(council, marker):
    from .conftest import make_overdue

    make_overdue(marker)
    assert governance_report(council=council, quarter=quarter_of(timezone.localdate())).overdue_reviews == 1


def test_report_page_shows_numbers_and_a_quarter_picker(client_for, user_with_role, council, marker):
    client = client_for(user_with_role(Role.GOVERNANCE_MEMBER))
    body = client.get(reverse("governance:report")).content.decode()
    assert 'id="live-total">1<' in body and 'name="quarter"' in body and "Harrington" not in body
    previous = quarter_of(timezone.localdate() - timedelta(days=100)).key
    body = client.get(reverse("governance:report"), {"quarter": previous}).content.decode()
    assert "Nothing to report for this quarter" in body


def test_report_page_is_refused_to_staff(client_for, user_with_role):
    assert client_for(user_with_role(Role.STAFF)).get(reverse("governance:report")).status_code == 403
