"""Checks are rate limited per user and per API client: over the limit the API answers 429 problem JSON with
Retry-After and the page answers a 429 page; the first refusal in a window is audited and register managers
are told who and when."""

import datetime as dt
import json

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services_api import api_client_create

URL = "/api/v1/checks"
QUERY = {"purpose": "home_visit", "requested_by": "Sam Patel (Housing)", "name": "Zara Quill", "postcode": "SW1A 1AA"}
AT = dt.datetime(2026, 12, 1, 10, 0, 30, tzinfo=dt.UTC)  # 30 seconds into a minute


@pytest.fixture
def token(council):
    return api_client_create(name="Housing CRM", council=council, organisation=council)[1]


def api_check(client, token):
    return client.post(URL, json.dumps(QUERY), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def limited_events():
    return list(AuditEvent.objects.filter(event_type="check.rate_limited").order_by("occurred_at", "seq"))


@override_settings(CHECK_RATE_PER_MINUTE=60, CHECK_RATE_PER_DAY=600)  # the defaults in config/settings/base.py
def test_700_api_checks_in_a_minute_get_429_after_the_default_limit(client, token):
    with time_machine.travel(AT, tick=False):
        responses = [api_check(client, token) for _ in range(700)]
    assert [r.status_code for r in responses] == [201] * 60 + [429] * 640
    assert Check.objects.count() == 60  # nothing was looked up for a refused request
    for refused in responses[60:]:
        assert refused["Content-Type"] == "application/problem+json" and refused["Retry-After"] == "30"
        assert refused.json() == {"type": "about:blank", "title": "Too many requests", "status": 429,
                                  "detail": refused.json()["detail"], "retry_after": 30}
    [event] = limited_events()  # the first refusal only, not 640 of them
    assert event.actor_type == "api_client" and event.data == {"window": "minute", "limit": 60}


@override_settings(CHECK_RATE_PER_MINUTE=3, CHECK_RATE_PER_DAY=5)
def test_the_day_limit_holds_across_minutes_and_each_window_is_audited_once(client, token, council):
    statuses = []
    for minute in range(3):
        with time_machine.travel(AT + dt.timedelta(minutes=minute), tick=False):
            statuses.append([api_check(client, token).status_code for _ in range(4)])
    # The 4th in the first minute is refused by the minute and not counted in the day; the day's 6th is refused.
    assert statuses == [[201, 201, 201, 429], [201, 201, 429, 429], [429, 429, 429, 429]]
    assert [e.data["window"] for e in limited_events()] == ["minute", "day", "minute", "minute"]
    assert Check.objects.count() == 5
    other = api_client_create(name="Lone worker app", council=council, organisation=council)[1]
    with time_machine.travel(AT + dt.timedelta(minutes=2), tick=False):
        assert api_check(client, other).status_code == 201  # each client has its own count
    with time_machine.travel(AT + dt.timedelta(days=1), tick=False):
        assert api_check(client, token).status_code == 201


@override_settings(CHECK_RATE_PER_MINUTE=2, CHECK_RATE_PER_DAY=100)
def test_the_check_page_shows_a_429_page_that_says_what_to_do(client_for, user_with_role, council):
    staff = user_with_role(Role.STAFF)
    client = client_for(staff)
    form = {"name": "Zara Quill", "postcode": "SW1A 1AA", "purpose": "home_visit"}
    with time_machine.travel(AT, tick=False):
        assert [client.post(reverse("checks:start"), form).status_code for _ in range(2)] == [302, 302]
        refused = client.post(reverse("checks:start"), form)
    assert refused.status_code == 429 and refused["Retry-After"] == "30"
    page = refused.content.decode()
    assert "Too many checks in a short time" in page and "Wait a minute and try the check again" in page
    assert "call Customer Relations" in page and "check.rate_limited" not in page
    [event] = limited_events()
    assert event.actor_type == "user" and event.actor_id == staff.pk and event.council_id == council.pk
    assert Check.objects.count() == 2


@override_settings(CHECK_RATE_PER_MINUTE=1, CHECK_RATE_PER_DAY=100)
def test_register_managers_and_the_dpo_see_who_was_stopped_and_when(client, client_for, user_with_role, token):
    staff = user_with_role(Role.STAFF, full_name="Priya Shah")
    checker = client_for(staff)
    with time_machine.travel(AT, tick=False):
        for _ in range(2):
            checker.post(reverse("checks:start"), {"name": "Zara Quill", "postcode": "SW1A 1AA", "purpose": "home_visit"})
            api_check(client, token)
    for role, sees in [(Role.REGISTER_MANAGER, True), (Role.DPO, True), (Role.REGISTER_OFFICER, False), (Role.STAFF, False)]:
        home = client_for(user_with_role(role)).get(reverse("core:home")).content.decode()
        assert ("Checks were stopped for going too fast" in home) is sees, role
        assert ("Priya Shah, 1 December 2026, 10:00" in home) is sees, role
        assert ("Housing CRM (a connected system)" in home) is sees, role
