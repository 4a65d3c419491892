"""While the database is unavailable the API answers 503 problem JSON with Retry-After, and pages a 503 page,
wherever the error was raised (a selector in a view, or the sign-in middleware)."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from safecontact.access.policy import Role

DOWN = OperationalError("FATAL: the database system is starting up")


def signed_in(user):  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)  # as in production: the error handlers answer
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


@pytest.fixture
def staff(user_with_role):
    return signed_in(user_with_role(Role.STAFF))


@pytest.fixture
def manager(user_with_role):
    return signed_in(user_with_role(Role.MANAGER))


def assert_unavailable_problem(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 503, response.content
    assert response["Content-Type"] == "application/problem+json" and response["Retry-After"] == "30"
    body = response.json()
    assert body["status"] == 503 and body["title"] == "Service unavailable" and body["retry_after"] == 30
    assert "starting up" not in response.content.decode()  # the database's own words stay in the log


@pytest.mark.parametrize("error", [DOWN, InterfaceError("connection already closed")])
def test_api_answers_503_problem_json_when_a_selector_cannot_reach_the_database(staff, error):
    with mock.patch("safecontact.incidents.selectors.incident_get_for", side_effect=error):
        assert_unavailable_problem(staff.get("/api/v1/incidents/3f0b1c9e-0000-4000-8000-000000000000"))


def test_api_answers_503_problem_json_when_the_session_cannot_be_read(staff):
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=DOWN):
        assert_unavailable_problem(staff.get("/api/v1/whoami"))


def test_pages_answer_a_friendly_503_page(manager):
    with mock.patch("safecontact.incidents.selectors.incident_list_for", side_effect=DOWN):
        response = manager.get("/incidents/all/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Sorry, the service is unavailable" in page and "dynamic risk assessment" in page
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=DOWN):
        assert "Sorry, the service is unavailable" in manager.get("/").content.decode()


def test_other_errors_are_still_a_500(manager):
    with mock.patch("safecontact.incidents.selectors.incident_list_for", side_effect=RuntimeError("bug")):
        response = manager.get("/incidents/all/")
    assert response.status_code == 500 and "Sorry, there is a problem with the service" in response.content.decode()
