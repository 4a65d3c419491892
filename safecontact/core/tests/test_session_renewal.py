"""core.middleware.SessionMiddleware: a form post answered by a redirect to one of our pages does not renew an
unchanged session (the page it leads to does, at once); everything else is as Django's (issue 16: three round
trips of every check's post)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.accounts.models import DataSharingAgreement
from safecontact.accounts.services import role_assignment_bootstrap
from safecontact.core.middleware import _own_page

CHECK = {"name": "Bill Harrington", "date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "1971", "purpose": "home_visit"}
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _session_writes(call):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return response, sum("django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
                         for q in queries.captured_queries)


def test_a_check_post_leaves_the_session_to_the_result_page(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    client.get("/")
    posted, writes = _session_writes(lambda: client.post(reverse("checks:start"), CHECK))
    assert posted.status_code == 302 and writes == 0
    result, writes = _session_writes(lambda: client.get(posted["Location"]))
    assert result.status_code == 200 and writes == 1


def test_a_post_that_changes_the_session_saves_it(council, other_council, user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    DataSharingAgreement.objects.create(council=other_council, organisation=council, purpose="Shared service",
                                        what_may_be_shared="Precautions", starts_on=date(2026, 1, 1), ends_on=date(2099, 1, 1),
                                        recorded_by=staff)
    role_assignment_bootstrap(council=other_council, user=staff, role=Role.STAFF, reason="test")
    client = client_for(staff)
    client.get("/")
    response, writes = _session_writes(lambda: client.post(reverse("core:council_switch"), {"council": str(other_council.pk), "next": "/"}))
    assert response.status_code == 302 and writes == 1
    assert client.session["council_id"] == str(other_council.pk)


def test_a_page_and_a_post_answered_with_a_page_still_renew_it(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    assert _session_writes(lambda: client.get("/"))[1] == 1
    form_again, writes = _session_writes(lambda: client.post(reverse("checks:start"), {"purpose": "home_visit"}))  # invalid: shown again
    assert form_again.status_code == 200 and writes == 1


def test_the_idle_timeout_still_runs_from_the_last_page(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    with time_machine.travel(START, tick=False) as traveller:
        client.get("/")
        traveller.move_to(START + timedelta(minutes=20))
        posted = client.post(reverse("checks:start"), CHECK)
        client.get(posted["Location"])  # the browser follows the redirect at once
        expires = Session.objects.get(session_key=client.session.session_key).expire_date
        assert expires == START + timedelta(minutes=20 + 30)
        traveller.move_to(START + timedelta(minutes=45))  # 45 minutes after the first page, 25 after the check
        assert client.get("/").status_code == 200 and "_auth_user_id" in client.session


@pytest.mark.parametrize(("location", "own"), [
    ("/checks/1/", True), ("/", True), ("https://idp.example/authorize", False), ("//evil.example/", False),
    ("/\\evil.example", False), ("", False),
])
def test_only_our_own_pages_count(location, own):
    assert _own_page(location) is own
