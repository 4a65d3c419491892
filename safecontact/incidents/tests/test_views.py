from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.incidents.models import Incident
from safecontact.incidents.tests.factories import category, draft_incident, submitted_incident


def start(client):
    response = client.post(reverse("incidents:report_start"))
    return Incident.objects.get(pk=response["Location"].split("/")[3])


def test_reporter_completes_the_sections_and_sends_the_report(user_with_role, client_for):
    manager = user_with_role(Role.MANAGER)
    client = client_for(user_with_role(Role.STAFF, line_manager=manager))
    incident = start(client)
    section = lambda s: reverse("incidents:report_section", kwargs={"id": incident.pk, "section": s})  # noqa: E731
    posts = {
        "when-and-where": {"occurred_on": "2/3/2026", "occurred_time": "14:30", "channel": "face_to_face", "location": "Reception"},
        "what-happened": {"categories": [str(category().pk)], "account": "Shouted and swore."},
        "action-and-harm": {"immediate_action": ["refused_entry"], "injury": "no", "damage": "no"},
        "the-person": {"subject_given_names": "Siân", "subject_family_name": "O'Brien-Ní Dhónaill", "identity_confirmation": "id_seen"},
        "others": {"reporter_wants_support": "yes"},
    }
    for slug, data in posts.items():
        response = client.post(section(slug), {**data, "action": "continue"})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    assert client.post(section("evidence"), {"action": "continue"})["Location"] == reverse("incidents:report_check", kwargs={"id": incident.pk})
    check = client.get(reverse("incidents:report_check", kwargs={"id": incident.pk}))
    assert "Siân" in check.content.decode() and "You have not answered everything" not in check.content.decode()
    response = client.post(reverse("incidents:report_check", kwargs={"id": incident.pk}))
    incident.refresh_from_db()
    assert response["Location"] == reverse("incidents:report_confirmation", kwargs={"id": incident.pk})
    confirmation = client.get(response["Location"]).content.decode()
    assert incident.reference in confirmation and incident.subject_family_name == "O'Brien-Ní Dhónaill"


def test_bad_answers_show_a_message_beside_the_field_and_keep_what_was_typed(user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    incident = start(client)
    url = reverse("incidents:report_section", kwargs={"id": incident.pk, "section": "when-and-where"})
    response = client.post(url, {"occurred_on": "1/1/2099", "occurred_time": "10:00", "channel": "phone", "location": "Łódź Road depot",
                                 "action": "continue"})
    body = response.content.decode()
    assert response.status_code == 200 and "<title>Error:" in body
    assert "must be today or in the past" in body and 'value="Łódź Road depot"' in body
    response = client.post(url, {"action": "continue"})
    assert "Enter the date it happened" in response.content.decode()


def test_saving_a_draft_keeps_partial_answers(user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    client = client_for(staff)
    incident = start(client)
    url = reverse("incidents:report_section", kwargs={"id": incident.pk, "section": "what-happened"})
    response = client.post(url, {"account": "Half written", "action": "save"})
    assert response["Location"] == reverse("incidents:my_reports")
    incident.refresh_from_db()
    assert incident.account == "Half written" and incident.status == "draft"
    assert "Half written" in client.get(url).content.decode()


def test_exe_and_50mb_uploads_are_refused_beside_the_field(user_with_role, client_for, council, settings):
    staff = user_with_role(Role.STAFF)
    client = client_for(staff)
    incident = draft_incident(reporter=staff, council=council)
    url = reverse("incidents:report_section", kwargs={"id": incident.pk, "section": "evidence"})
    response = client.post(url, {"action": "upload", "file": SimpleUploadedFile("tool.exe", b"MZ\x90\x00")})
    assert "must be a JPG" in response.content.decode() and "govuk-error-message" in response.content.decode()
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024))
    response = client.post(url, {"action": "upload", "file": big})
    assert "smaller than 20MB" in response.content.decode()
    assert incident.attachments.count() == 0


def test_attachment_download_is_access_checked_audited_and_forced_to_download(user_with_role, client_for, council,
                                                                              django_capture_on_commit_callbacks):
    staff = user_with_role(Role.STAFF)
    client = client_for(staff)
    incident = draft_incident(reporter=staff, council=council)
    url = reverse("incidents:report_section", kwargs={"id": incident.pk, "section": "evidence"})
    with django_capture_on_commit_callbacks(execute=True):  # the file is moved into place when the row commits
        client.post(url, {"action": "upload", "file": SimpleUploadedFile("note.txt", "Siân said hello".encode())})
    attachment = incident.attachments.get()
    response = client.get(reverse("incidents:attachment_download", kwargs={"id": attachment.pk}))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(attachment.pk)).exists()
    other = client_for(user_with_role(Role.STAFF))
    assert other.get(reverse("incidents:attachment_download", kwargs={"id": attachment.pk})).status_code == 404


def test_a_reporter_cannot_see_another_reporters_incident(user_with_role, client_for, council):
    incident = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    for role in (Role.STAFF, Role.CONTRACTOR, Role.PARTNER, Role.COUNCILLOR):
        response = client_for(user_with_role(role)).get(reverse("incidents:incident_detail", kwargs={"id": incident.pk}))
        assert response.status_code == 404, role


def test_viewing_an_incident_writes_an_access_event(user_with_role, client_for, council):
    staff = user_with_role(Role.STAFF)
    incident = submitted_incident(reporter=staff, council=council)
    response = client_for(user_with_role(Role.REGISTER_OFFICER)).get(reverse("incidents:incident_detail", kwargs={"id": incident.pk}))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(incident.pk)).exists()


def test_manager_sees_their_reports_incidents_but_not_others(user_with_role, client_for, council):
    manager = user_with_role(Role.MANAGER)
    mine = submitted_incident(reporter=user_with_role(Role.STAFF, line_manager=manager), council=council)
    theirs = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    client = client_for(manager)
    assert client.get(reverse("incidents:incident_detail", kwargs={"id": mine.pk})).status_code == 200
    assert client.get(reverse("incidents:incident_detail", kwargs={"id": theirs.pk})).status_code == 404
    assert client.get(reverse("incidents:triage", kwargs={"id": theirs.pk})).status_code == 404
    queue = client.get(reverse("incidents:triage_queue")).content.decode()
    assert mine.reference in queue and theirs.reference not in queue


def test_health_and_safety_see_only_riddor_flagged_incidents(user_with_role, client_for, council):
    hs = client_for(user_with_role(Role.HS_ADVISER))
    plain = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    flagged = submitted_incident(reporter=user_with_role(Role.STAFF), council=council, categories=[category("Physical assault")],
                                 injury=True, injury_detail="Cut hand")
    assert hs.get(reverse("incidents:incident_detail", kwargs={"id": flagged.pk})).status_code == 200
    assert hs.get(reverse("incidents:incident_detail", kwargs={"id": plain.pk})).status_code == 404


def test_incident_of_another_council_is_404(user_with_role, client_for, council, other_council):
    outsider = user_with_role(Role.STAFF, for_council=other_council)
    incident = submitted_incident(reporter=outsider, council=other_council)
    response = client_for(user_with_role(Role.REGISTER_MANAGER)).get(reverse("incidents:incident_detail", kwargs={"id": incident.pk}))
    assert response.status_code == 404


def test_triage_page_records_the_outcome(user_with_role, client_for, council):
    manager = user_with_role(Role.MANAGER)
    incident = submitted_incident(reporter=user_with_role(Role.STAFF, line_manager=manager), council=council)
    response = client_for(manager).post(reverse("incidents:triage", kwargs={"id": incident.pk}), {
        "complaint_handled_properly": "yes", "communication_adequate": "yes", "new_information": "no",
        "possible_disability_or_need": "no", "outcome": "refer", "reasons": "Third incident this month"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "referred"


def test_officer_links_the_person_from_likely_matches(user_with_role, client_for, council):
    from safecontact.people.services import person_create

    officer = user_with_role(Role.REGISTER_OFFICER)
    existing = person_create(actor=officer, council=council, given_names="Sian", family_name="O'Brien-Ní Dhónaill")
    incident = submitted_incident(reporter=user_with_role(Role.STAFF), council=council)
    client = client_for(officer)
    page = client.get(reverse("incidents:link_person", kwargs={"id": incident.pk})).content.decode()
    assert str(existing.pk) in page
    client.post(reverse("incidents:link_person", kwargs={"id": incident.pk}), {"person": str(existing.pk)})
    incident.refresh_from_db()
    assert incident.person == existing
