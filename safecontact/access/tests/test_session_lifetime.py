from datetime import UTC, datetime, timedelta

import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from safecontact.access.middleware import SIGNED_IN_AT
from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.fixtures import sign_in_with_password

START = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def keep_busy(client: Client, traveller, until: timedelta, every: timedelta = timedelta(minutes=20)) -> None:  # type: ignore[no-untyped-def]
    """Use the service every 20 minutes (inside the 30-minute idle timeout) until `until` after START."""
    elapsed = timedelta(0)
    while elapsed + every <= until:
        elapsed += every
        traveller.move_to(START + elapsed)
        assert client.get("/").status_code == 200, elapsed


def test_a_busy_session_still_ends_12_hours_after_sign_in(user_with_role):
    user_with_role(Role.STAFF, email="busy@testshire.gov.uk")
    cache.clear()  # allauth's failed sign-in counts
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        assert sign_in_with_password(client, "busy@testshire.gov.uk")
        assert client.session[SIGNED_IN_AT] == int(START.timestamp())  # noted by the response that signed in
        keep_busy(client, traveller, until=timedelta(hours=12))
        traveller.move_to(START + timedelta(hours=12, minutes=1))
        response = client.get(reverse("incidents:my_reports"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next={reverse('incidents:my_reports')}"
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
        assert "You were signed out because you signed in more than 12 hours ago" in page
    assert AuditEvent.objects.filter(event_type="auth.signed_out").exists()


@override_settings(SESSION_ABSOLUTE_HOURS=1)
def test_the_absolute_lifetime_is_a_setting(user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    with time_machine.travel(START, tick=False) as traveller:
        assert client.get("/").status_code == 200  # a session from before the setting existed starts its clock now
        keep_busy(client, traveller, until=timedelta(minutes=60))
        traveller.move_to(START + timedelta(minutes=61))
        assert client.get("/")["Location"].startswith(reverse("account_login"))


def test_the_api_answers_a_session_past_its_lifetime_as_signed_out(user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    with time_machine.travel(START, tick=False) as traveller:
        assert client.get("/api/v1/whoami").status_code == 200
        keep_busy(client, traveller, until=timedelta(hours=12))
        traveller.move_to(START + timedelta(hours=12, minutes=1))
        response = client.get("/api/v1/whoami")
        assert response.status_code in (401, 403) and response["Content-Type"] == "application/problem+json"
