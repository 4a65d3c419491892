from datetime import date, timedelta

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.letters.rendering import pdf_text
from safecontact.register.tests import builders
from safecontact.subject_access import services
from safecontact.subject_access.contributions import subject_access_tasks
from safecontact.subject_access.models import Redaction, SubjectAccessRequest
from safecontact.subject_access.tests.factories import THIRD_PARTY, person_with_everything


@pytest.fixture
def dpo(user_with_role):
    return user_with_role(Role.DPO, full_name="Dee Pio")


@pytest.fixture
def held(council, user_with_role):
    return person_with_everything(council, user_with_role)


def test_dpo_starts_a_request_from_the_person_page(council, dpo, held, client_for):
    client = client_for(dpo)
    page = client.get(reverse("people:person_detail", args=[held.person.pk]))
    assert "Start a subject access request" in page.content.decode()
    url = reverse("subject_access:request_start", args=[held.person.pk])
    response = client.post(url, {"received_on_0": "", "received_on_1": "", "received_on_2": ""})
    assert response.status_code == 200 and "Enter the date the request was received" in response.content.decode()
    today = date.today()
    response = client.post(url, {"received_on_0": today.day, "received_on_1": today.month, "received_on_2": today.year})
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("subject_access:request_detail", args=[sar.pk])
    page = client.get(response["Location"]).content.decode()
    assert sar.reference in page and "Redact" in page and "Okonkwo" in page


def test_register_manager_sees_no_link_and_no_pages(council, user_with_role, held, client_for):
    client = client_for(user_with_role(Role.REGISTER_MANAGER))
    assert "Start a subject access request" not in client.get(reverse("people:person_detail", args=[held.person.pk])).content.decode()
    assert client.get(reverse("subject_access:request_list")).status_code == 403


def test_other_councils_request_is_404(council, other_council, dpo, user_with_role, client_for):
    sar = services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date.today())
    other_dpo = user_with_role(Role.DPO, for_council=other_council)
    client = client_for(other_dpo)
    for name in ("request_detail", "redaction_add", "request_extend", "bundle_pdf", "bundle_json", "bundle_csv"):
        assert client.get(reverse(f"subject_access:{name}", args=[sar.pk])).status_code == 404, name
    assert client.get(reverse("subject_access:request_start", args=[sar.person.pk])).status_code == 404


def test_redact_form_keeps_what_was_typed_and_logs_the_redaction(council, dpo, held, client_for):
    sar = services.sar_start(actor=dpo, council=council, person=held.person, received_on=date.today())
    client = client_for(dpo)
    url = reverse("subject_access:redaction_add", args=[sar.pk])
    key = f"incident:{held.incident.pk}"
    assert THIRD_PARTY in client.get(url, {"item": key}).content.decode()
    response = client.post(url, {"item": key, "field": "", "text": THIRD_PARTY, "reason": ""})
    assert response.status_code == 200
    assert "Enter why this is redacted" in response.content.decode() and f'value="{THIRD_PARTY}"' in response.content.decode()
    response = client.post(url, {"item": key, "field": "", "text": THIRD_PARTY, "reason": "A neighbour"})
    assert response.status_code == 302
    assert Redaction.objects.get().reason == "A neighbour"
    assert client.get(url, {"item": "incident:not-there"}).status_code == 404


def test_downloads_are_audited_and_redacted(council, dpo, held, client_for):
    sar = services.sar_start(actor=dpo, council=council, person=held.person, received_on=date.today())
    services.redaction_add(actor=dpo, request=sar, item_key="", text=THIRD_PARTY, reason="Third party")
    client = client_for(dpo)
    pdf = client.get(reverse("subject_access:bundle_pdf", args=[sar.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert THIRD_PARTY not in pdf_text(pdf.content)
    data = client.get(reverse("subject_access:bundle_json", args=[sar.pk]))
    assert data.json()["request"]["reference"] == sar.reference and THIRD_PARTY not in data.content.decode()
    csv = client.get(reverse("subject_access:bundle_csv", args=[sar.pk]))
    assert THIRD_PARTY not in csv.content.decode("utf-8-sig")
    events = AuditEvent.objects.filter(event_type="subject_access.downloaded").order_by("seq")
    assert [e.data["format"] for e in events] == ["pdf", "json", "csv"]
    assert all(e.data["redactions"] == 1 for e in events)


def test_list_sorted_by_deadline_with_empty_state(council, dpo, client_for):
    client = client_for(dpo)
    assert "There are no subject access requests" in client.get(reverse("subject_access:request_list")).content.decode()
    late = services.sar_start(actor=dpo, council=council, person=builders.person(council, family="Early"),
                              received_on=date.today() - timedelta(days=40))
    soon = services.sar_start(actor=dpo, council=council, person=builders.person(council, family="Later"), received_on=date.today())
    page = client.get(reverse("subject_access:request_list")).content.decode()
    assert page.index(late.reference) < page.index(soon.reference) and "Overdue" in page
    page = client.get(reverse("subject_access:request_list"), {"sort": "-due"}).content.decode()
    assert page.index(soon.reference) < page.index(late.reference)


def test_home_page_shows_the_clock_to_the_dpo_only(council, dpo, user_with_role):
    services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date.today() - timedelta(days=40))
    services.sar_start(actor=dpo, council=council, person=builders.person(council, family="Soon"),
                       received_on=date.today() - timedelta(days=27))
    titles = {t.title: t.count for t in subject_access_tasks(dpo, council)}
    assert titles["Subject access requests overdue"] == 1
    assert titles["Subject access requests due within 7 days"] == 1
    manager = user_with_role(Role.REGISTER_MANAGER)
    assert not any("Subject access" in t.title for t in subject_access_tasks(manager, council))


def test_status_moves_on_by_post_only(council, dpo, client_for):
    sar = services.sar_start(actor=dpo, council=council, person=builders.person(council), received_on=date.today())
    client = client_for(dpo)
    url = reverse("subject_access:request_status", args=[sar.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"status": "ready"})
    sar.refresh_from_db()
    assert sar.status == "ready"


def test_pages_speak_plain_english(council, dpo, held, client_for):
    from tests.test_plain_english import code_words, visible_text

    sar = services.sar_start(actor=dpo, council=council, person=held.person, received_on=date.today())
    services.redaction_add(actor=dpo, request=sar, item_key=f"incident:{held.incident.pk}", field="account", reason="Neighbour")
    client = client_for(dpo)
    pages = {
        "subject_access:request_list": reverse("subject_access:request_list"),
        "subject_access:request_detail": reverse("subject_access:request_detail", args=[sar.pk]),
        "subject_access:request_extend": reverse("subject_access:request_extend", args=[sar.pk]),
        "subject_access:redaction_add": reverse("subject_access:redaction_add", args=[sar.pk]) + f"?item=incident:{held.incident.pk}",
        "subject_access:request_start": reverse("subject_access:request_start", args=[held.person.pk]),
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert code_words(visible_text(response.content.decode()), name) == [], url


def test_list_queries_do_not_grow_with_the_requests(council, dpo, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(dpo)
    url = reverse("subject_access:request_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    services.sar_start(actor=dpo, council=council, person=builders.person(council, family="One"), received_on=date.today())
    client.get(url)  # warm the session and the caches
    one = count()
    for n in range(5):
        services.sar_start(actor=dpo, council=council, person=builders.person(council, family=f"More{n}"), received_on=date.today())
    assert count() == one
