import json
from datetime import date

import pytest
from django.core.management import call_command

from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services_api import api_client_create
from safecontact.register.tests import builders as b

URL = "/api/v1/checks"


@pytest.fixture
def marker(council, user_with_role):
    person = b.person(council, given="William", family="Harrington", dob=date(1971, 3, 14),
                      at=b.address(council, postcode="GL50 1PQ", uprn="100120001234"))
    return b.live_marker(council, user_with_role, subject=person)


@pytest.fixture
def token(council):
    return api_client_create(name="Housing CRM", council=council, organisation=council)[1]


def post(client, token, body, **extra):
    payload = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(URL, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


BASE = {"purpose": "home_visit", "requested_by": "Sam Patel (Housing)"}


def test_api_gives_all_three_outcomes(client, token, marker):
    strong = post(client, token, {**BASE, "name": "Bill Harrington", "date_of_birth": "1971-03-14"})
    assert strong.status_code == 201, strong.content
    body = strong.json()
    assert body["outcome"] == "precautions_apply" and body["risk_band"] == "high"
    assert "Visit in pairs" in body["precautions"] and body["review_due"] == marker.review_due.isoformat()
    assert set(body) == {"id", "outcome", "risk_band", "precautions", "restrictions", "advice", "contact", "review_due"}
    weak = post(client, token, {**BASE, "name": "William Harrington", "postcode": "SW1A 1AA"}).json()
    assert weak["outcome"] == "possible_match" and weak["precautions"] == []
    none = post(client, token, {**BASE, "name": "Zara Quill", "postcode": "SW1A 1AA"}).json()
    assert none["outcome"] == "no_entry"


def test_api_check_is_logged_with_the_member_of_staff_and_audited_as_the_client(client, token, marker):
    body = post(client, token, {**BASE, "uprn": "100120001234"}).json()
    check = Check.objects.get(pk=body["id"])
    assert check.requested_by == "Sam Patel (Housing)" and check.api_client is not None and check.checker is None
    event = AuditEvent.objects.get(event_type="check.run", subject_id=str(check.pk))
    assert event.actor_type == "api_client" and event.actor_id == check.api_client_id


@pytest.mark.parametrize("body,status", [
    ("{not json", 400),
    ("[1, 2]", 400),
    ({**BASE, "name": "A B", "postcode": "GL50 1PQ", "colour": "red"}, 400),
    ({**BASE, "name": "A B", "date_of_birth": "14/03/1971"}, 400),
    ({"name": "A B", "postcode": "GL50 1PQ"}, 400),
    ({**BASE, "name": "William Harrington"}, 422),  # a name alone is browsing
    ({**BASE, "name": "x" * 20000}, 413),
])
def test_bad_requests_get_problem_json_4xx(client, token, body, status):
    response = post(client, token, body)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer", "Basic abc", "Bearer a b"])
def test_bad_tokens_are_refused(client, header, db):
    response = client.post(URL, json.dumps(BASE), content_type="application/json", HTTP_AUTHORIZATION=header)
    assert response.status_code in (401, 403)
    assert response["Content-Type"] == "application/problem+json"


def test_partner_client_needs_a_sharing_agreement_and_sees_only_shared_measures(client, council, user_with_role, marker):
    from safecontact.access.policy import Role
    from safecontact.core.exceptions import ApplicationError
    from safecontact.core.tests.factories import OrganisationFactory

    loner = OrganisationFactory(name="No Agreement Ltd", slug="no-agreement", kind="contractor")
    with pytest.raises(ApplicationError):
        api_client_create(name="x", council=council, organisation=loner)
    partner_org = user_with_role(Role.PARTNER).organisation
    _, token = api_client_create(name="Homes CRM", council=council, organisation=partner_org)
    query = {**BASE, "name": "William Harrington", "date_of_birth": "1971-03-14"}
    assert post(client, token, query).json()["outcome"] == "possible_match"
    marker.shared_with.add(partner_org)
    assert post(client, token, query).json()["outcome"] == "precautions_apply"


def test_create_api_client_command_prints_a_token_once(council, capsys):
    call_command("create_api_client", "Lone worker app", "--organisation", council.slug)
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert token.startswith("sc_")
    from safecontact.checks.models import ApiClient

    assert ApiClient.objects.get().token_hash == ApiClient.hash_token(token)


def test_there_is_no_endpoint_that_exports_the_register():
    from django.urls import get_resolver

    routes = [str(p.pattern) for p in get_resolver().url_patterns]
    assert not any("export" in r for r in routes)


def test_api_calls_make_no_sessions_and_write_last_used_once_a_minute(client, token, marker):
    """Issue 16: each call used to create a session row (the sign-in time was noted for the API client, which Django
    REST framework sets as the request's user) and to write the client's "last used" time."""
    import time_machine
    from django.contrib.sessions.models import Session

    from safecontact.checks.models import ApiClient

    body = {**BASE, "name": "William Harrington", "date_of_birth": "1971-03-14"}
    with time_machine.travel("2026-12-02 10:00:00+00:00", tick=False):
        assert post(client, token, body).status_code == 201
        first = ApiClient.objects.get().last_used_at
        assert post(client, token, body).status_code == 201
        assert ApiClient.objects.get().last_used_at == first
    with time_machine.travel("2026-12-02 10:01:00+00:00", tick=False):
        assert post(client, token, body).status_code == 201
        assert ApiClient.objects.get().last_used_at > first
    assert Session.objects.count() == 0
    assert not client.cookies.get("sessionid")
