"""The framework's share of a check (issue 16, item 3): what every signed-in page reads — the session, the user,
their councils and roles (one query), their authenticator — and what a check page adds. Pinned so that it cannot
creep up unnoticed; lower the numbers when a change saves a query. Measured with a warm register index, as a
worker answers after its first check.

Per request today: session, user, role assignments with their councils and the councils' settings, authenticator; and the session saved
(SESSION_SAVE_EVERY_REQUEST: the idle timeout), which the test database wraps in a savepoint (3 statements), except after
a form post that redirects to one of our pages (core.middleware.SessionMiddleware: that page saves it).

Inside the test's transaction the rate limits count in a savepoint, so the register version is read on its own; outside
one (PostgreSQL, as served) it comes with the counts, a statement fewer (test_rate_limit_commit.py)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.register.tests import builders as b

CHECK = {"name": "Bill Harrington", "date_of_birth_0": "14", "date_of_birth_1": "3", "date_of_birth_2": "1971", "purpose": "home_visit"}

# Found by the tests below (lower them when a change saves a query). On PostgreSQL the rate limits' two windows are
# counted in one statement and an audit append is two (the head locked, then the event and the head in one WITH).
POSTGRESQL = connection.vendor == "postgresql"
HOME_PAGE = 8
CHECK_POST = 13 if POSTGRESQL else 17  # - the session's save (3), + the rate limits (1 / 2), the register version, the measures (with their
#                  "not the same person" answers), the check, its measures and the audit append (2 / 5: the rows and
#                  the chain's head locked in one statement, the event and the head's update in another); not the
#                  precautions, which the result page reads
CHECK_RESULT = 14 if POSTGRESQL else 15  # + the check and its measures (2), the audit of the view (2 / 3), the answer (3)


def _signed_in(council, user_with_role, client_for):  # type: ignore[no-untyped-def]
    b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    client = client_for(user_with_role(Role.STAFF))
    client.get("/")
    client.post(reverse("checks:start"), CHECK)  # builds this worker's register index
    return client


def _count(call):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return response, len(queries.captured_queries)


def test_an_html_check_makes_a_fixed_number_of_queries(council, user_with_role, client_for):
    client = _signed_in(council, user_with_role, client_for)
    response, posted = _count(lambda: client.post(reverse("checks:start"), CHECK))
    assert response.status_code == 302
    result, shown = _count(lambda: client.get(response["Location"]))
    assert result.status_code == 200 and "Precautions apply" in result.content.decode()
    assert (posted, shown) == (CHECK_POST, CHECK_RESULT)


def test_the_home_page_makes_a_fixed_number_of_queries(council, user_with_role, client_for):
    client = _signed_in(council, user_with_role, client_for)
    response, queries = _count(lambda: client.get("/"))
    assert response.status_code == 200
    assert queries == HOME_PAGE


def test_roles_and_councils_are_read_once_per_request(council, user_with_role, client_for):
    client = _signed_in(council, user_with_role, client_for)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("checks:start"))
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum("accounts_roleassignment" in s for s in sql) == 1
    assert sum('FROM "accounts_organisation"' in s for s in sql) == 0  # joined to the role assignments
    assert sum("accounts_councilsettings" in s for s in sql) == 1  # joined too: the page title's register name
    assert sum("accounts_councilsettings" in s and "accounts_roleassignment" in s for s in sql) == 1


API_CHECK = 12 if POSTGRESQL else 16  # the client with its council and settings; the rate limits (1 / 2); the register
#                 version, the measures (with their "not the same person" answers), the check, its measures and the audit append (2 / 5), the owner and
#                 the precautions; the test database's savepoints (4). No session read or written; "last used" is
#                 written at most once a minute


def test_an_api_check_makes_a_fixed_number_of_queries_and_no_session(council, user_with_role, client):
    import json

    from safecontact.checks.services_api import api_client_create

    b.live_marker(council, user_with_role, subject=b.person(council, at=b.address(council)))
    token = api_client_create(name="Housing CRM", council=council, organisation=council)[1]
    body = json.dumps({"purpose": "home_visit", "requested_by": "Sam Patel (Housing)", "name": "Bill Harrington",
                       "date_of_birth": "1971-03-14"})

    def call():  # type: ignore[no-untyped-def]
        return client.post("/api/v1/checks", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert call().status_code == 201  # builds this worker's register index, notes "last used"
    response, queries = _count(call)
    assert response.status_code == 201 and response.json()["outcome"] == "precautions_apply"
    assert queries == API_CHECK, queries
