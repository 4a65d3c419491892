"""Signed callbacks (issue 15): Customer Relations' answer is POSTed to the API client's callback URL, signed with
HMAC-SHA256 of the body under the client's secret, by the background worker, and tried again when refused."""

import hashlib
import hmac
import json
import urllib.error
from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.checks import callbacks
from safecontact.checks.desk import possible_match_resolve
from safecontact.checks.models import CheckCallback, PossibleMatchReview
from safecontact.checks.services_api import api_client_create
from safecontact.register.tests import builders as b


@pytest.fixture
def marker(council, user_with_role):
    subject = b.person(council, given="Margaret", family="Okonkwo", dob=date(1960, 5, 1), at=b.address(council))
    return b.live_marker(council, user_with_role, subject=subject)


class _Response:
    status = 204
    headers: dict = {}

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return False


def test_the_answer_is_posted_signed_and_retried(client, council, user_with_role, marker, monkeypatch):
    api_client, token = api_client_create(name="Housing CRM", council=council, organisation=council,
                                          callback_url="https://crm.example.gov.uk/safe-contact")
    secret = api_client.callback_secret.encode()
    assert len(secret) == 64
    body = {"purpose": "home_visit", "requested_by": "Sam", "name": "Peggy Okonkwo", "postcode": "SW1A 1AA"}
    posted = client.post("/api/v1/checks", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    review = PossibleMatchReview.objects.get(source_check_id=posted["id"])
    possible_match_resolve(actor=user_with_role(Role.REGISTER_OFFICER), council=council, review_id=review.pk, decision="not_same_person")
    callback = CheckCallback.objects.get()

    def refuse(request, timeout):
        raise urllib.error.URLError("connection refused")

    monkeypatch.setattr(callbacks.urllib.request, "urlopen", refuse)
    assert callbacks.check_callbacks_deliver_due() == 0
    callback.refresh_from_db()
    assert callback.status == "pending" and callback.attempts == 1 and "refused" in callback.last_error
    assert callbacks.check_callbacks_deliver_due() == 0  # not due again yet

    seen = []
    monkeypatch.setattr(callbacks.urllib.request, "urlopen", lambda request, timeout: seen.append(request) or _Response())
    assert callbacks.check_callbacks_deliver_due(now=callback.next_attempt_at) == 1
    request = seen[0]
    assert json.loads(request.data)["outcome"] == "no_entry" and json.loads(request.data)["id"] == posted["id"]
    expected = "sha256=" + hmac.new(secret, request.data, hashlib.sha256).hexdigest()
    assert request.get_header("X-safe-contact-signature") == expected
    assert CheckCallback.objects.get().status == "sent"


def test_no_callback_without_a_url(client, council, user_with_role, marker):
    token = api_client_create(name="Housing CRM", council=council, organisation=council)[1]
    body = {"purpose": "home_visit", "requested_by": "Sam", "name": "Peggy Okonkwo", "postcode": "SW1A 1AA"}
    posted = client.post("/api/v1/checks", json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    review = PossibleMatchReview.objects.get(source_check_id=posted["id"])
    possible_match_resolve(actor=user_with_role(Role.REGISTER_OFFICER), council=council, review_id=review.pk, decision="same_person")
    assert not CheckCallback.objects.exists()


def test_a_callback_url_must_be_https(council):
    from safecontact.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        api_client_create(name="CRM", council=council, organisation=council, callback_url="file:///etc/passwd")
