"""Subject access (issue 17, done-when; R78): the DPO finds who viewed a named person last month (the "who has viewed"
page, filtered to last month), starts a subject access request from the person's page, redacts a third party's name
with a reason (logged), and downloads the PDF for the person: a PDF, without the redacted name. axe on every page.
PostgreSQL (browser journeys run once)."""

import re
from datetime import datetime, time, timedelta

import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.audit.services import audit_access
from safecontact.letters.rendering import pdf_text
from safecontact.subject_access.models import Redaction, SubjectAccessRequest
from safecontact.subject_access.tests.factories import THIRD_PARTY, person_with_everything
from tests.e2e.journeys import fill_date


def _last_month() -> tuple:
    first_this_month = timezone.localdate().replace(day=1)
    last_day = first_this_month - timedelta(days=1)
    return last_day.replace(day=1), last_day


def test_dpo_answers_a_subject_access_request(live_server, page, council, user_with_role, sign_in_as, axe):
    held = person_with_everything(council, user_with_role)  # "Vera Viewer" opened the record today
    first, last = _last_month()
    last_month_viewer = user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi")
    with time_machine.travel(timezone.make_aware(datetime.combine(first + timedelta(days=9), time(11))), tick=True):
        audit_access(actor=last_month_viewer, council=council, subject=held.person)
    dpo = user_with_role(Role.DPO, full_name="Priya Shah")

    # Who viewed Margaret Okonkwo last month?
    sign_in_as(dpo)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="Search the audit trail").click()
    axe(page)
    page.get_by_role("link", name="People", exact=True).click()
    page.get_by_label(re.compile("Name")).fill("Okonkwo")
    page.get_by_role("button", name=re.compile("Search")).click()
    axe(page)
    page.get_by_role("link", name=re.compile("Margaret Okonkwo")).click()
    page.get_by_role("link", name="Who has viewed this record").click()
    expect(page.get_by_role("heading", name="Who has viewed Margaret Okonkwo")).to_be_visible()
    axe(page)
    fill_date(page, "From (optional)", f"{first.day}/{first.month}/{first.year}")
    fill_date(page, "To (optional)", f"{last.day}/{last.month}/{last.year}")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("cell", name="Olu Adeyemi")).to_be_visible()
    expect(page.get_by_role("cell", name="Vera Viewer")).to_have_count(0)  # this month's view is outside the filter
    axe(page)

    # Start the request from the person's page.
    page.get_by_role("link", name="Back to Margaret Okonkwo").click()
    page.get_by_role("link", name="Start a subject access request").click()
    expect(page.get_by_role("heading", name="Start a subject access request")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Start the request").click()  # received today: the form starts with today's date
    sar = SubjectAccessRequest.objects.get(person=held.person)
    expect(page.get_by_role("heading", name=f"{sar.reference}: Margaret Okonkwo")).to_be_visible()
    expect(page.get_by_text(THIRD_PARTY).first).to_be_visible()  # in the incident's account, before redaction
    axe(page)

    # One redaction, with its reason: the form refuses it without one.
    page.get_by_role("link", name=f"Redact from Incident {held.incident.reference}").click()
    expect(page.get_by_role("heading", name=f"Redact from Incident {held.incident.reference}")).to_be_visible()
    axe(page)
    page.get_by_label("Words to redact").fill(THIRD_PARTY)
    page.get_by_role("button", name="Redact").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_label("Words to redact")).to_have_value(THIRD_PARTY)
    axe(page)
    page.get_by_label("Why is this redacted?").fill("A neighbour who has not agreed to be named")
    page.get_by_role("button", name="Redact").click()
    expect(page.get_by_text("Redaction recorded")).to_be_visible()
    expect(page.get_by_role("cell", name="A neighbour who has not agreed to be named")).to_be_visible()
    axe(page)
    redaction = Redaction.objects.get(request=sar)
    assert (redaction.text, redaction.redacted_by) == (THIRD_PARTY, dpo)
    assert AuditEvent.objects.filter(event_type="subject_access.redacted", subject_id=str(sar.pk), actor_id=dpo.pk).count() == 1

    # The PDF for the person: a PDF, and the name is not in it.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the bundle for the person (PDF)").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF") and download.value.suggested_filename.endswith(".pdf")
    text = pdf_text(data)
    assert "Okonkwo" in text and "[redacted]" in text
    assert THIRD_PARTY not in text
    assert AuditEvent.objects.filter(event_type="subject_access.downloaded", subject_id=str(sar.pk)).count() == 1
