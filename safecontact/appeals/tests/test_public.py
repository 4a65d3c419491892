"""The public appeal page: the council's name and privacy notice; check your answers before sending; the same
"could not match" answer for a wrong reference and a wrong code; bad input is safe; a burst from one address, or
quoting one letter, is throttled; a letter's code works once."""

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


def send(client, reference, code, ip="203.0.113.5", **extra):
    """Both steps: the form, then "Send your appeal" on check your answers."""
    first = post(client, reference, code, ip=ip, **extra)
    if first.status_code == 302 and first["Location"] == reverse("appeal:appeal_check"):
        return client.post(first["Location"], REMOTE_ADDR=ip)
    return first


def test_a_wrong_reference_or_code_gets_the_same_clear_answer_and_nothing_else(letter):
    client = Client()
    unknown = post(client, "LET-2026-999999", "ABCD2345", ip="203.0.113.6")
    wrong_code = post(client, letter.reference, "ZZZZ9999", ip="203.0.113.7")
    for response in (unknown, wrong_code):
        page = response.content.decode()
        assert response.status_code == 200 and "govuk-error-summary" in page
        assert "We could not match that reference and code" in page and "Harrington" not in page
    assert unknown.content.decode().replace("LET-2026-999999", "X").count("could not match") == \
        wrong_code.content.decode().replace(letter.reference, "X").count("could not match")
    assert Appeal.objects.count() == 0 and client.get(reverse("appeal:appeal_check"))["Location"] == URL


def test_answers_are_checked_before_the_appeal_is_sent(letter):
    client = Client()
    first = post(client, letter.reference.lower(), letter.verification_code)
    assert first.status_code == 302 and first["Location"] == reverse("appeal:appeal_check") and Appeal.objects.count() == 0
    check = client.get(first["Location"]).content.decode()
    assert "Check your answers before sending your appeal" in check and letter.reference in check
    assert "The measure is disproportionate" in check and "It is unfair." in check and "Change" in check
    back = client.get(URL).content.decode()  # "Change" keeps what was typed
    assert "It is unfair." in back
    sent = client.post(reverse("appeal:appeal_check"), REMOTE_ADDR="203.0.113.5")
    assert sent["Location"] == reverse("appeal:appeal_sent")
    appeal = Appeal.objects.get()
    page = client.get(sent["Location"]).content.decode()
    assert "Appeal sent" in page and appeal.reference in page and "Harrington" not in page
    assert client.get(reverse("appeal:appeal_check"))["Location"] == URL  # the answers are gone from the session


def test_the_page_carries_the_councils_name_and_privacy_notice(letter, council):
    page = Client().get(reverse("appeal:appeal_start_for", kwargs={"council_slug": council.slug})).content.decode()
    assert council.name in page and "Safe Contact" not in page
    fallback = reverse("appeal:appeal_privacy", kwargs={"council_slug": council.slug})
    assert f'href="{fallback}"' in page
    assert council.name in Client().get(fallback).content.decode()
    council.settings.privacy_notice_url = "https://testshire.example/privacy"
    council.settings.save()
    own_page = Client().get(reverse("appeal:appeal_start_for", kwargs={"council_slug": council.slug})).content.decode()
    assert 'href="https://testshire.example/privacy"' in own_page
    assert Client().get("/appeal/no-such-council/").status_code == 404


def test_a_letter_of_another_council_does_not_match_on_this_councils_page(letter, other_council):
    url = reverse("appeal:appeal_start_for", kwargs={"council_slug": other_council.slug})
    response = Client().post(url, {"reference": letter.reference, "code": letter.verification_code, "grounds": ["other"]},
                             REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 200 and "We could not match that reference and code" in response.content.decode()


def test_the_letter_links_to_the_councils_own_appeal_page(letter, council):
    from safecontact.letters.rendering import merge_context

    assert merge_context(letter)["appeal_url"].endswith(f"/appeal/{council.slug}/")


def test_script_in_fields_is_stored_as_text_and_never_rendered(letter):
    client = Client()
    response = client.post(URL, {"reference": "<script>alert(1)</script>", "code": "x", "grounds": ["bogus"]}, REMOTE_ADDR="198.51.100.1")
    body = response.content.decode()
    assert response.status_code == 200 and "<script>alert(1)</script>" not in body and "Error: " in body
    send(client, letter.reference, letter.verification_code, ip="198.51.100.2", grounds_detail="<script>alert(1)</script>")
    assert Appeal.objects.get().grounds_detail == "<script>alert(1)</script>"


@override_settings(APPEAL_RATE_PER_ADDRESS_PER_MINUTE=5, APPEAL_RATE_PER_REFERENCE_PER_DAY=10)
@time_machine.travel(AT, tick=False)
def test_a_burst_from_one_address_is_throttled(letter):
    client = Client()
    statuses = [post(client, "LET-2026-000404", "ABCD2345").status_code for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    assert post(client, "LET-2026-000404", "ABCD2345", ip="192.0.2.9").status_code == 200  # another address is not affected
    throttled = post(client, letter.reference, letter.verification_code)
    assert throttled.status_code == 429 and Appeal.objects.count() == 0


@override_settings(APPEAL_RATE_PER_ADDRESS_PER_MINUTE=100, APPEAL_RATE_PER_REFERENCE_PER_DAY=3)
@time_machine.travel(AT, tick=False)
def test_guessing_one_letters_code_from_many_addresses_is_throttled_per_reference(letter):
    client = Client()
    statuses = [post(client, letter.reference, f"ZZZZ999{i}", ip=f"198.51.100.{i}").status_code for i in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = post(client, letter.reference.lower(), letter.verification_code, ip="198.51.100.50")  # as typed, any case
    assert refused.status_code == 429 and "Too many attempts" in refused.content.decode() and Appeal.objects.count() == 0
    assert int(refused["Retry-After"]) == 14 * 3600 - 30  # until midnight UTC
    assert post(client, "LET-2026-000404", "ABCD2345", ip="198.51.100.50").status_code == 200  # other letters are not affected


@override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1, APPEAL_RATE_PER_ADDRESS_PER_MINUTE=2)
@time_machine.travel(AT, tick=False)
def test_behind_the_proxy_each_citizen_is_throttled_by_their_own_address(db):
    client = Client()

    def via_proxy(forwarded):  # every request arrives from the proxy's address
        return client.post(URL, {"reference": "LET-2026-000404", "code": "ABCD2345", "grounds": ["other"], "grounds_detail": "x"},
                           REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [via_proxy("203.0.113.5") for _ in range(3)] == [200, 200, 429]
    assert via_proxy("203.0.113.6") == 200  # another citizen behind the same proxy is not affected
    assert via_proxy("1.2.3.4, 203.0.113.5") == 429  # a forged entry on the left changes nothing


def test_a_letters_code_works_once_and_the_second_try_is_told_only_the_appeal_reference(letter):
    client = Client()
    assert send(client, letter.reference, letter.verification_code).status_code == 302
    appeal = Appeal.objects.get()
    again = post(Client(), letter.reference, letter.verification_code, ip="203.0.113.77", grounds_detail="Again.")
    page = again.content.decode()
    assert again.status_code == 200 and "We already have your appeal" in page and appeal.reference in page
    assert Appeal.objects.count() == 1 and Appeal.objects.get().grounds_detail == "It is unfair."
    due = appeal.decision_due.strftime("%d %B %Y").lstrip("0")
    for private in ("Harrington", appeal.measure.reference, appeal.get_status_display(), due, appeal.letter.reference):
        assert private not in page, private
