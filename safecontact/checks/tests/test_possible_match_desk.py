"""The possible-match desk (issue 15): every possible match opens a work item for Customer Relations, due before the
planned contact; an officer answers it (locked, audited, the checker emailed a link); *not the same person* is
remembered for that exact identity against that entry until the entry changes."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.audit.events import EventType
from safecontact.audit.models import AuditEvent
from safecontact.checks.desk import possible_match_resolve, review_due_at
from safecontact.checks.desk_selectors import reviews_open_for
from safecontact.checks.models import Check, NotSamePerson, PossibleMatchReview
from safecontact.checks.presenters import result_for
from safecontact.checks.services import CheckQuery, check_run
from safecontact.core.exceptions import ApplicationError
from safecontact.notifications.models import StaffEmail
from safecontact.register.tests import builders as b

QUERY = CheckQuery(purpose="meeting", name="Peggy Okonkwo", postcode="SW1A 1AA")


@pytest.fixture
def marker(council, user_with_role):
    subject = b.person(council, given="Margaret", family="Okonkwo", dob=date(1960, 5, 1), at=b.address(council))
    return b.live_marker(council, user_with_role, subject=subject)


@pytest.fixture
def officer(user_with_role):
    return user_with_role(Role.REGISTER_OFFICER)


def _possible(user, council, query=QUERY):
    result = check_run(actor=user, council=council, query=query)
    assert result.outcome == Check.Outcome.POSSIBLE_MATCH
    return result.check


def test_a_possible_match_opens_a_review_due_before_the_contact_with_why_it_matched(council, user_with_role, marker):
    staff = user_with_role(Role.STAFF)
    check = _possible(staff, council)
    review = PossibleMatchReview.objects.get(source_check=check)
    assert review.status == "open" and review.council == council
    assert timezone.now() < review.due_at <= timezone.now() + timedelta(hours=2)
    assert check.match_reasons[str(marker.pk)]  # why it matched, for the officer
    assert AuditEvent.objects.filter(event_type=EventType.POSSIBLE_MATCH_OPENED).count() == 1
    assert list(reviews_open_for(council=council)) == [review]
    # No review for the other answers.
    check_run(actor=staff, council=council, query=CheckQuery(purpose="meeting", name="Zara Quill", postcode="SW1A 1AA"))
    assert PossibleMatchReview.objects.count() == 1


def test_due_time_follows_the_planned_date_and_the_same_day_setting(council):
    CouncilSettings.objects.update_or_create(council=council, defaults={"possible_match_same_day_hours": 4})
    now = timezone.now()
    assert review_due_at(council=council, planned_for=None, now=now) == now + timedelta(hours=4)
    later = timezone.localdate(now) + timedelta(days=3)
    assert review_due_at(council=council, planned_for=later, now=now) == timezone.make_aware(datetime.combine(later, time.min))


def test_not_the_same_person_answers_the_checker_and_is_remembered_until_the_entry_changes(
        council, user_with_role, officer, marker):
    staff = user_with_role(Role.STAFF)
    check = _possible(staff, council)
    review = possible_match_resolve(actor=officer, council=council, review_id=check.review.pk, decision="not_same_person", note="DOB")
    assert review.status == "not_same_person" and review.resolved_by == officer and review.resolved_at
    assert result_for(Check.objects.get(pk=check.pk)).outcome == Check.Outcome.NO_ENTRY
    event = AuditEvent.objects.get(event_type=EventType.POSSIBLE_MATCH_RESOLVED)
    assert event.data["decision"] == "not_same_person" and "minutes_to_answer" in event.data
    email = StaffEmail.objects.get(key=f"possible-match-answered:{review.pk}")
    assert email.recipients == [staff.email] and "Okonkwo" not in email.body and str(check.pk) in email.body
    # The same query (typed a little differently) answers at once, with no new work item.
    again = check_run(actor=staff, council=council, query=CheckQuery(purpose="home_visit", name="  peggy OKONKWO ", postcode="sw1a1aa"))
    assert again.outcome == Check.Outcome.NO_ENTRY
    assert PossibleMatchReview.objects.count() == 1
    assert AuditEvent.objects.filter(event_type=EventType.POSSIBLE_MATCH_REMEMBERED).count() == 1
    # Another identity (a date of birth added) is not covered by the answer.
    _possible(staff, council, CheckQuery(purpose="meeting", name="Peggy Okonkwo", postcode="SW1A 1AA", address="1 High Street"))
    # Once the entry changes, the memory lapses and Customer Relations is asked again.
    marker.advice = "Changed after the answer."
    marker.save()
    _possible(staff, council)
    assert NotSamePerson.objects.count() == 1


def test_same_person_shows_the_checker_the_precautions(council, user_with_role, officer, marker):
    staff = user_with_role(Role.STAFF)
    check = _possible(staff, council)
    possible_match_resolve(actor=officer, council=council, review_id=check.review.pk, decision="same_person")
    result = result_for(Check.objects.get(pk=check.pk))
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY and result.entries[0].reference == marker.reference
    assert not NotSamePerson.objects.exists()


def test_an_answered_review_cannot_be_answered_again_and_only_officers_answer(council, user_with_role, officer, marker):
    check = _possible(user_with_role(Role.STAFF), council)
    with pytest.raises(Exception):  # PermissionDenied: not Customer Relations
        possible_match_resolve(actor=user_with_role(Role.STAFF), council=council, review_id=check.review.pk, decision="same_person")
    with pytest.raises(ApplicationError):
        possible_match_resolve(actor=officer, council=council, review_id=check.review.pk, decision="maybe")
    possible_match_resolve(actor=officer, council=council, review_id=check.review.pk, decision="same_person")
    with pytest.raises(ApplicationError, match="already answered"):
        possible_match_resolve(actor=user_with_role(Role.REGISTER_OFFICER), council=council, review_id=check.review.pk,
                               decision="not_same_person")


def test_the_officer_answers_from_the_queue_and_the_checker_sees_it(council, user_with_role, officer, marker, client_for):
    staff = user_with_role(Role.STAFF)
    check = _possible(staff, council)
    desk = client_for(officer)
    queue = desk.get(reverse("checks:possible_matches")).content.decode()
    assert check.reference in queue
    home = desk.get("/").content.decode()
    assert "Possible matches to resolve" in home
    page = desk.get(reverse("checks:possible_match_answer", args=[check.review.pk])).content.decode()
    assert "Peggy Okonkwo" in page and "Margaret Okonkwo" in page and "Why it matched" in page
    assert AuditEvent.objects.filter(event_type=EventType.VIEWED, subject_id=str(check.pk)).exists()
    response = desk.post(reverse("checks:possible_match_answer", args=[check.review.pk]), {"decision": "not_same_person"})
    assert response.status_code == 302
    seen = client_for(staff).get(reverse("checks:result", args=[check.pk])).content.decode()
    assert "Customer Relations has answered" in seen and "No live entry found" in seen
    assert client_for(staff).get(reverse("checks:possible_matches")).status_code in (403, 404)


def test_api_possible_match_then_answer_then_get_shows_the_resolved_outcome(client, council, officer, marker):
    import json

    from safecontact.checks.services_api import api_client_create

    token = api_client_create(name="Housing CRM", council=council, organisation=council)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"purpose": "home_visit", "requested_by": "Sam Patel (Housing)", "name": "Peggy Okonkwo", "postcode": "SW1A 1AA"}
    posted = client.post("/api/v1/checks", json.dumps(body), content_type="application/json", **auth).json()
    assert posted["outcome"] == "possible_match"
    url = f"/api/v1/checks/{posted['id']}"
    waiting = client.get(url, **auth)
    assert waiting.status_code == 200 and waiting.json() == posted
    review = PossibleMatchReview.objects.get(source_check_id=posted["id"])
    possible_match_resolve(actor=officer, council=council, review_id=review.pk, decision="not_same_person")
    answered = client.get(url, **auth).json()
    assert answered["outcome"] == "no_entry" and set(answered) == set(posted)
    # Another organisation's system, and a check that does not exist, get 404.
    assert client.get(f"/api/v1/checks/{review.pk}", **auth).status_code == 404


def test_api_get_is_404_for_a_client_of_another_organisation(client, council, marker, user_with_role):
    import json

    from safecontact.checks.services_api import api_client_create

    ours = api_client_create(name="Housing CRM", council=council, organisation=council)[1]
    posted = client.post("/api/v1/checks", json.dumps({"purpose": "home_visit", "requested_by": "Sam", "name": "Peggy Okonkwo",
                                                       "postcode": "SW1A 1AA"}), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {ours}").json()
    partner = user_with_role(Role.PARTNER).organisation
    theirs = api_client_create(name="Partner CRM", council=council, organisation=partner)[1]
    assert client.get(f"/api/v1/checks/{posted['id']}", HTTP_AUTHORIZATION=f"Bearer {theirs}").status_code == 404
    same_org = api_client_create(name="Second CRM", council=council, organisation=council)[1]
    assert client.get(f"/api/v1/checks/{posted['id']}", HTTP_AUTHORIZATION=f"Bearer {same_org}").status_code == 200


def test_get_check_is_in_the_openapi_schema(user_with_role, client_for):
    response = client_for(user_with_role(Role.REGISTER_MANAGER)).get(reverse("api:schema"), HTTP_ACCEPT="application/json")
    text = response.content.decode()
    assert "/api/v1/checks/{id}" in text and "check_retrieve" in text


def test_the_quarterly_report_counts_possible_matches_and_time_to_answer(council, user_with_role, officer, marker):
    from safecontact.governance.selectors_report import governance_report, quarter_of

    staff = user_with_role(Role.STAFF)
    first, _second = _possible(staff, council), _possible(staff, council, CheckQuery(purpose="meeting", name="Peggy Okonkwo",
                                                                                      postcode="SW1A 1AA", address="2 High Street"))
    possible_match_resolve(actor=officer, council=council, review_id=first.review.pk, decision="not_same_person")
    figures = dict(governance_report(council=council, quarter=quarter_of(timezone.localdate())).possible_matches)
    assert figures["Possible matches sent to Customer Relations"] == 2
    assert figures["Answered: not the same person"] == 1 and figures["Not answered yet"] == 1
    assert figures["Answered before the due time"] == 1 and figures["Median time to answer (hours)"] == 0


def test_opening_a_possible_match_reads_the_settings_and_writes_the_review_and_its_event(council, user_with_role, marker):
    """No full_clean (issue 16): it read the council, the constraint and the one-to-one again, three queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from safecontact.checks.desk import review_open

    check = _possible(user_with_role(Role.STAFF), council)
    PossibleMatchReview.objects.filter(source_check=check).delete()
    with CaptureQueriesContext(connection) as queries:
        review = review_open(actor=None, check=check)
    assert review.status == "open" and review.due_at > timezone.now()
    sql = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    # The council's settings; the review; the audit append (head, event, head). On PostgreSQL the review and the head's
    # lock are one statement, and the event and the head's update another (insert_together, audit_records).
    assert len(sql) == (3 if connection.vendor == "postgresql" else 5), sql
