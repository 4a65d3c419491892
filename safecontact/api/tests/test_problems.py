"""Every API error is problem JSON whose title and detail are finished sentences: no unfilled {placeholder}."""

import json

import pytest
from django.test import Client, override_settings

from safecontact.access.policy import Role
from safecontact.checks.services_api import api_client_create

CHECKS = "/api/v1/checks"


@pytest.fixture
def token(council):
    return api_client_create(name="Housing CRM", council=council, organisation=council)[1]


def assert_problem(response, status):  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    for part in (body["title"], str(body.get("detail", ""))):
        assert "{" not in part and "}" not in part, body
    return body


def test_problem_titles_and_details_are_never_templates(token, user_with_role, client_for):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client = Client()
    assert assert_problem(client.put(CHECKS, "{}", content_type="application/json", **bearer), 405)["title"] == "Method not allowed"
    body = assert_problem(client.post(CHECKS, "<check/>", content_type="application/xml", **bearer), 415)
    assert body["title"] == "Unsupported media type" and "application/xml" in body["detail"]
    assert assert_problem(client.get("/api/v1/whoami", HTTP_ACCEPT="application/xml", **bearer), 406)["title"] == "Not acceptable"
    assert assert_problem(client.post(CHECKS, "{not json", content_type="application/json", **bearer), 400)["title"] == "Bad request"
    unauthorised = client.post(CHECKS, "{}", content_type="application/json", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert assert_problem(unauthorised, 401)["title"] == "Unauthorized" and unauthorised["WWW-Authenticate"] == "Bearer"
    assert_problem(client_for(user_with_role(Role.STAFF)).get("/api/v1/incidents/not-an-incident"), 404)
    assert_problem(client_for(user_with_role(Role.DPO)).post(CHECKS, "{}", content_type="application/json"), 403)
    assert_problem(client.post(CHECKS, json.dumps({"name": "x" * 20_000}), content_type="application/json", **bearer), 413)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000)
def test_a_body_over_the_upload_limit_is_413_problem_json(user_with_role):
    # A signed-in browser session: DRF checks the CSRF token, reading the whole body, before the parser's own limit.
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(Role.STAFF), backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get("/checks/")  # a page with a form sets the CSRF cookie
    response = client.post(CHECKS, json.dumps({"name": "x" * 2_000}), content_type="application/json",
                           HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    body = assert_problem(response, 413)
    assert body["title"] == "Request entity too large"
    assert "no-store" in response["Cache-Control"]
