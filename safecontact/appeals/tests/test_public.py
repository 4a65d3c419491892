"""The public appeal page: same answer whether or not the reference exists; bad input is safe;
a burst from one address, or quoting one letter, is throttled; a letter's code works once."""

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from safecontact.appeals.models import Appeal
from safecontact.letters import services as letters
from safecontact.letters.models import Event
from safecontact.letters.tests.factories import live_restriction

URL = "/appeal/"
AT = dt.datetime(2026, 12, 1, 10, 0, 30, tzinfo=dt.UTC)  # fixed windows: freeze the clock inside one minute


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


@override_settings(APPEAL_RATE_PER_ADDRESS_PER_MINUTE=5, APPEAL_RATE_PER_REFERENCE_PER_DAY=10)
@time_machine.travel(AT, tick=False)
def test_a_burst_from_one_address_is_throttled(letter):
    client = Client()
    statuses = [post(client, "LET-2026-000404", "ABCD2345").status_code for _ in range(7)]
    assert statuses[:5] == [302] * 5 and statuses[5:] == [429, 429]
    assert post(client, "LET-2026-000404", "ABCD2345", ip="192.0.2.9").status_code == 302  # another address is not affected
    throttled = post(client, letter.reference, letter.verification_code)
    assert throttled.status_code == 429 and Appeal.objects.count() == 0


@override_settings(APPEAL_RATE_PER_ADDRESS_PER_MINUTE=100, APPEAL_RATE_PER_REFERENCE_PER_DAY=3)
@time_machine.travel(AT, tick=False)
def test_guessing_one_letters_code_from_many_addresses_is_throttled_per_reference(letter):
    client = Client()
    statuses = [post(client, letter.reference, f"ZZZZ999{i}", ip=f"198.51.100.{i}").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    refused = post(client, letter.reference.lower(), letter.verification_code, ip="198.51.100.50")  # as typed, any case
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode() and Appeal.objects.count() == 0
    assert int(refused["Retry-After"]) == 14 * 3600 - 30  # until midnight UTC
    assert post(client, "LET-2026-000404", "ABCD2345", ip="198.51.100.50").status_code == 302  # other letters are not affected


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1, APPEAL_RATE_PER_ADDRESS_PER_MINUTE=2)
@time_machine.travel(AT, tick=False)
def test_behind_the_proxy_each_citizen_is_throttled_by_their_own_address(db):
    client = Client()

    def via_proxy(forwarded):  # every request arrives from the proxy's address
        return client.post(URL, {"reference": "LET-2026-000404", "code": "ABCD2345", "grounds": ["other"], "grounds_detail": "x"},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [via_proxy("203.0.113.5") for _ in range(3)] == [302, 302, 429]
    assert via_proxy("203.0.113.6") == 302  # another citizen behind the same proxy is not affected
    assert via_proxy("1.2.3.4, 203.0.113.5") == 429  # a forged entry on the left changes nothing


def test_a_letters_code_works_once_and_the_second_try_is_told_only_the_appeal_reference(letter):
    client = Client()
    assert post(client, letter.reference, letter.verification_code).status_code == 302
    appeal = Appeal.objects.get()
    again = post(client, letter.reference, letter.verification_code, ip="203.0.113.77", grounds_detail="Again.")
    page = again.content.decode()
    assert again.status_code == 200 and "We already have your appeal" in page and appeal.reference in page
    assert Appeal.objects.count() == 1 and Appeal.objects.get().grounds_detail == "It is unfair."
    due = appeal.decision_due.strftime("%d %B %Y").lstrip("0")
    for private in ("Harrington", appeal.measure.reference, appeal.get_status_display(), due, appeal.letter.reference):
        assert private not in page, private
