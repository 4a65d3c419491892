"""The public appeal page: same answer whether or not the reference exists; bad input is safe;
a burst from one address is throttled."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from safecontact.appeals.models import Appeal
from safecontact.letters import services as letters
from safecontact.letters.models import Event
from safecontact.letters.tests.factories import live_restriction

URL = "/appeal/"


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def letter(council, user_with_role):
    measure, officer, *_ = live_restriction(council, user_with_role)
    draft = letters.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)
    return letters.letter_issue(actor=officer, letter=draft, channel="post", address_confirmed=True)


def post(client, reference, code, ip="203.0.113.5", **extra):
    data = {"reference": reference, "code": code, "grounds": ["disproportionate"], "grounds_detail": "It is unfair.", **extra}
    return client.post(URL, data, REMOTE_ADDR=ip)


def test_page_is_public_and_csrf_protected(db):
    client = Client(enforce_csrf_checks=True)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"reference": "x"}).status_code == 403


def test_same_answer_whether_or_not_the_reference_exists(letter):
    client = Client()
    real = post(client, letter.reference, letter.verification_code)
    unknown = post(client, "LET-2026-999999", "ABCD2345", ip="203.0.113.6")
    wrong_code = post(client, letter.reference, "ZZZZ9999", ip="203.0.113.7")
    assert real.status_code == unknown.status_code == wrong_code.status_code == 302
    assert real["Location"] == unknown["Location"] == wrong_code["Location"] == reverse("appeal:appeal_sent")
    assert Appeal.objects.count() == 1
    sent = client.get(reverse("appeal:appeal_sent")).content.decode()
    assert letter.reference not in sent and "Harrington" not in sent


def test_script_in_fields_is_stored_as_text_and_never_rendered(letter):
    client = Client()
    response = client.post(URL, {"reference": "<script>alert(1)</script>", "code": "x", "grounds": ["bogus"]}, REMOTE_ADDR="198.51.100.1")
    body = response.content.decode()
    assert response.status_code == 200 and "<script>alert(1)</script>" not in body and "Error: " in body
    post(client, letter.reference, letter.verification_code, ip="198.51.100.2", grounds_detail="<script>alert(1)</script>")
    assert Appeal.objects.get().grounds_detail == "<script>alert(1)</script>"


def test_a_burst_from_one_address_is_throttled(letter):
    client = Client()
    statuses = [post(client, "LET-2026-000404", "ABCD2345").status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert post(client, "LET-2026-000404", "ABCD2345", ip="192.0.2.9").status_code == 302  # another address is not affected
    throttled = post(client, letter.reference, letter.verification_code)
    assert throttled.status_code == 429 and Appeal.objects.count() == 0
