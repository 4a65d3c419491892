"""Each record class on its own clock: incidents with no entry (and the RIDDOR minimum), drafts,
warnings, the check log, letters and appeals."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.appeals.models import Appeal, AppealDocument
from safecontact.checks.models import Check
from safecontact.incidents.models import Attachment, Incident, Triage
from safecontact.letters.models import Letter
from safecontact.letters.services import letter_create
from safecontact.people.models import Person
from safecontact.register.tests import builders
from safecontact.retention.tests.helpers import at, sweep

START = date(2026, 1, 15)


def closed_incident(council, reporter, *, riddor=False, person=None):
    incident = Incident.objects.create(
        council=council, reporter=reporter, status=Incident.Status.CLOSED, reference=f"INC-R-{Incident.objects.count() + 1}",
        submitted_at=timezone.now(), occurred_at=timezone.now() - timedelta(days=1), channel="phone", account="Shouted",
        subject_family_name="Quennell", riddor_flag=riddor, injury=riddor, person=person)
    attachment = Attachment(council=council, incident=incident, original_name="x.txt", content_type="text/plain", size=1,
                            uploaded_by=reporter)
    attachment.file.save("x.txt", ContentFile(b"x"), save=False)
    attachment.save()
    return incident, attachment.file.name


@pytest.fixture
def staff(user_with_role):
    return user_with_role(Role.STAFF)


def test_an_incident_with_no_entry_goes_twelve_months_after_it_was_sent(council, staff):
    with at(START):
        incident, name = closed_incident(council, staff, person=builders.person(council))
    assert sweep(date(2027, 1, 14))["incident"] == 0
    counts = sweep(date(2027, 1, 15))
    assert counts["incident"] == 1 and counts["attachment"] == 1 and counts["person"] == 1
    assert not Incident.objects.exists() and not default_storage.exists(name) and not Person.objects.exists()


def test_a_riddor_incident_is_kept_at_least_three_years_after_it_happened(council, staff):
    with at(START):
        incident, name = closed_incident(council, staff, riddor=True)
    assert sweep(date(2027, 1, 15))["incident"] == 0
    assert sweep(date(2029, 1, 13))["incident"] == 0 and default_storage.exists(name)
    assert sweep(date(2029, 1, 14))["incident"] == 1  # occurred the day before it was sent
    assert not default_storage.exists(name)


def test_an_open_incident_is_never_disposed_of(council, staff):
    with at(START):
        incident, _ = closed_incident(council, staff)
        Incident.objects.filter(pk=incident.pk).update(status=Incident.Status.SUBMITTED)
    assert sweep(date(2030, 1, 1))["incident"] == 0


def test_an_unsent_draft_goes_three_months_after_it_was_last_saved(council, staff):
    with at(START):
        Incident.objects.create(council=council, reporter=staff, account="Half written")
    assert sweep(date(2026, 4, 14))["incident_draft"] == 0
    assert sweep(date(2026, 4, 15))["incident_draft"] == 1


def test_an_informal_warning_is_erased_twelve_months_after_it_was_given(council, staff, user_with_role):
    with at(START):
        incident, _ = closed_incident(council, staff)
        Incident.objects.filter(pk=incident.pk).update(status=Incident.Status.WARNING_RECORDED, submitted_at=timezone.now() + timedelta(days=200))
        Triage.objects.create(council=council, incident=incident, manager=user_with_role(Role.MANAGER), outcome="informal_warning",
                              reasons="Warned", warning_given_by="A. Manager", warning_given_on=START,
                              warning_what_was_said="Told Mr Quennell that shouting is not acceptable")
    assert sweep(date(2027, 1, 14))["warning"] == 0
    assert sweep(date(2027, 1, 15))["warning"] == 1
    triage = Triage.objects.get()
    assert (triage.warning_given_by, triage.warning_what_was_said, triage.warning_given_on) == ("", "", None)
    assert sweep(date(2027, 1, 16))["warning"] == 0


def test_check_log_entries_go_after_twelve_months(council, staff):
    with at(START):
        Check.objects.create(council=council, checker=staff, purpose="home_visit", outcome="no_entry", query_name="Bartholomew Quennell",
                             query_date_of_birth=date(1968, 2, 29))
    assert sweep(date(2027, 1, 14))["check_log"] == 0
    assert sweep(date(2027, 1, 15))["check_log"] == 1
    assert not Check.objects.exists()


def test_letters_and_appeals_about_a_live_entry_are_anonymised_not_deleted(council, user_with_role):
    with at(START):
        person = builders.person(council, at=builders.address(council))
        measure = builders.live_marker(council, user_with_role, subject=person)
        letter = letter_create(actor=None, council=council, event="safety_marker", person=person, measure=measure)
        Letter.objects.filter(pk=letter.pk).update(  # issued: frozen PDF, confirmed address
            status="sent", issued_at=timezone.now(), address_confirmed_at=timezone.now(), pdf=b"%PDF-1.4", pdf_sha256="0" * 64,
            address_text="7 Larkspur Close", recipient_email="bq@example.com")
        appeal = Appeal.objects.create(
            council=council, reference="APL-2026-000001", person=person, measure=measure, received_on=START, channel="email",
            grounds=["other"], grounds_detail="I am not Bartholomew", contact_email="bq@example.com", decision_due=START,
            status="decided", outcome="not_upheld", outcome_reasons="Identity confirmed", decided_at=timezone.now())
        document = AppealDocument(appeal=appeal, original_name="a.txt", content_type="text/plain", size=1)
        document.file.save("a.txt", ContentFile(b"a"), save=False)
        document.save()
    counts = sweep(date(2027, 1, 15))
    assert counts["letter"] == 1 and counts["appeal"] == 1
    letter.refresh_from_db()
    appeal.refresh_from_db()
    assert (letter.address_text, letter.recipient_email, letter.pdf, letter.paragraphs) == ("", "", None, {})
    assert (appeal.grounds_detail, appeal.contact_email, appeal.outcome_reasons) == ("", "", "")
    assert not AppealDocument.objects.exists() and not default_storage.exists(document.file.name)
    assert sweep(date(2027, 1, 16)) == dict.fromkeys(counts, 0)
