import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.incidents import services
from safecontact.incidents.models import Incident
from safecontact.incidents.services_triage import incident_triage
from safecontact.incidents.tests.factories import answers, category, draft_incident, submitted_incident

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100


def events(event_type, subject):
    return AuditEvent.objects.filter(event_type=event_type, subject_id=str(subject.pk))


@pytest.fixture
def staff(user_with_role, council):
    manager = user_with_role(Role.MANAGER, full_name="Morgan Hughes")
    return user_with_role(Role.STAFF, line_manager=manager)


def test_draft_keeps_names_exactly_as_typed_and_is_audited(staff, council):
    incident = draft_incident(reporter=staff, council=council, subject_given_names="Łukasz", subject_family_name="Żółć")
    incident.refresh_from_db()
    assert (incident.subject_given_names, incident.subject_family_name) == ("Łukasz", "Żółć")
    assert incident.location_postcode == "GL50 1PQ"
    assert events("incident.draft_created", incident).count() == 1
    saved = events("incident.draft_saved", incident).get()
    assert "subject_family_name" in saved.data["fields"] and "Żółć" not in str(saved.data)


def test_submit_allocates_a_reference_sets_the_triage_target_and_tells_the_manager_with_a_link_only(staff, council, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = submitted_incident(reporter=staff, council=council)
    assert re.fullmatch(rf"INC-{timezone.localdate().year}-\d{{6}}", incident.reference)
    assert incident.status == Incident.Status.SUBMITTED
    assert incident.triage_due_on > timezone.localdate()
    assert events("incident.submitted", incident).count() == 1
    (message,) = mail.outbox
    assert message.to == [staff.line_manager.email]
    assert f"/incidents/{incident.pk}/triage/" in message.body
    assert "Siân" not in message.body and "O'Brien" not in message.body and incident.reference not in message.body


def test_references_count_up_per_council(staff, council):
    first = submitted_incident(reporter=staff, council=council)
    second = submitted_incident(reporter=staff, council=council)
    assert int(second.reference[-6:]) == int(first.reference[-6:]) + 1


def test_submit_refuses_missing_answers_and_says_which(staff, council):
    incident = services.incident_draft_create(actor=staff, council=council)
    with pytest.raises(ApplicationError) as error:
        services.incident_submit(actor=staff, council=council, incident=incident)
    assert error.value.field == "occurred_at"


def test_report_without_a_category_cannot_be_submitted(staff, council):
    incident = services.incident_draft_create(actor=staff, council=council)
    services.incident_draft_save(actor=staff, council=council, incident=incident, changes=answers(), categories=[])
    with pytest.raises(ApplicationError, match="at least one kind of behaviour"):
        services.incident_submit(actor=staff, council=council, incident=incident)


def test_a_date_in_the_future_is_refused(staff, council):
    incident = services.incident_draft_create(actor=staff, council=council)
    with pytest.raises(ApplicationError) as error:
        services.incident_draft_save(actor=staff, council=council, incident=incident,
                                     changes={"occurred_at": timezone.now() + timedelta(hours=2)})
    assert error.value.field == "occurred_at"


def test_someone_else_cannot_change_my_draft(staff, council, user_with_role):
    incident = draft_incident(reporter=staff, council=council)
    other = user_with_role(Role.STAFF)
    with pytest.raises(ApplicationError):
        services.incident_draft_save(actor=other, council=council, incident=incident, changes={"account": "x"})


def test_physical_violence_with_injury_is_flagged_for_health_and_safety(staff, council, user_with_role, django_capture_on_commit_callbacks):
    hs = user_with_role(Role.HS_ADVISER)
    with django_capture_on_commit_callbacks(execute=True):
        incident = submitted_incident(reporter=staff, council=council, categories=[category("Physical assault")],
                                      injury=True, injury_detail="Bruised arm")
    assert incident.riddor_flag
    assert any(hs.email in m.to for m in mail.outbox)


def test_contractor_cannot_record_on_behalf_of_the_police(user_with_role, council):
    contractor = user_with_role(Role.CONTRACTOR)
    with pytest.raises(PermissionDenied):
        services.incident_draft_create(actor=contractor, council=council, on_behalf=True)


def test_register_officer_records_on_behalf_and_must_name_the_source(user_with_role, council):
    officer = user_with_role(Role.REGISTER_OFFICER)
    incident = services.incident_draft_create(actor=officer, council=council, on_behalf=True)
    services.incident_draft_save(actor=officer, council=council, incident=incident, changes=answers(), categories=[category()])
    with pytest.raises(ApplicationError, match="organisation"):
        services.incident_submit(actor=officer, council=council, incident=incident)
    services.incident_draft_save(actor=officer, council=council, incident=incident,
                                 changes={"source_organisation": "Gloucestershire Constabulary", "sharing_conditions": "Not to be shared"})
    assert services.incident_submit(actor=officer, council=council, incident=incident).status == Incident.Status.SUBMITTED


def test_councillor_is_recorded_as_a_member(user_with_role, council):
    councillor = user_with_role(Role.COUNCILLOR)
    assert services.incident_draft_create(actor=councillor, council=council).reporter_kind == "member"


def test_attachment_is_checked_stored_and_audited(staff, council):
    incident = draft_incident(reporter=staff, council=council)
    attachment = services.attachment_add(actor=staff, council=council, incident=incident,
                                         upload=SimpleUploadedFile("photo.png", PNG, content_type="image/png"))
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)
    assert attachment.file.name.startswith("attachments/")
    assert events("attachment.added", attachment).count() == 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "must be a JPG"),
    ("photo.png", b"MZ\x90\x00 not a png", "not a real image"),
    ("empty.pdf", b"", "empty"),
])
def test_bad_attachments_are_refused_with_a_clear_message(staff, council, name, content, message):
    incident = draft_incident(reporter=staff, council=council)
    with pytest.raises(ApplicationError, match=message) as error:
        services.attachment_add(actor=staff, council=council, incident=incident, upload=SimpleUploadedFile(name, content))
    assert error.value.field == "file"
    assert incident.attachments.count() == 0


def test_a_file_over_20mb_is_refused(staff, council):
    incident = draft_incident(reporter=staff, council=council)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 100)
    upload.size = 50 * 1024 * 1024
    with pytest.raises(ApplicationError, match="smaller than 20MB"):
        services.attachment_add(actor=staff, council=council, incident=incident, upload=upload)


def triage_answers(**overrides):
    base = {"complaint_handled_properly": True, "communication_adequate": True, "new_information": False,
            "possible_disability_or_need": False, "outcome": "close", "reasons": "Handled at the time; no pattern."}
    base.update(overrides)
    return base


def test_manager_triages_and_the_reporter_is_told_with_a_link(staff, council, django_capture_on_commit_callbacks):
    incident = submitted_incident(reporter=staff, council=council)
    with django_capture_on_commit_callbacks(execute=True):
        triage = incident_triage(actor=staff.line_manager, council=council, incident=incident, **triage_answers())
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED and triage.manager == staff.line_manager
    assert events("incident.triaged", incident).get().data["outcome"] == "close"
    assert mail.outbox[-1].to == [staff.email] and f"/incidents/{incident.pk}/" in mail.outbox[-1].body


def test_triage_needs_every_checklist_answer(staff, council):
    incident = submitted_incident(reporter=staff, council=council)
    with pytest.raises(ApplicationError) as error:
        incident_triage(actor=staff.line_manager, council=council, incident=incident,
                        **triage_answers(communication_adequate=None))
    assert error.value.field == "communication_adequate"


def test_informal_warning_records_who_when_and_what(staff, council):
    incident = submitted_incident(reporter=staff, council=council)
    with pytest.raises(ApplicationError) as error:
        incident_triage(actor=staff.line_manager, council=council, incident=incident, **triage_answers(outcome="informal_warning"))
    assert error.value.field == "warning_given_by"
    incident_triage(actor=staff.line_manager, council=council, incident=incident,
                    **triage_answers(outcome="informal_warning", warning_given_by="Sam Patel", warning_given_on=date.today(),
                                     warning_what_was_said="Told that shouting at staff is not acceptable."))
    incident.refresh_from_db()
    assert incident.status == Incident.Status.WARNING_RECORDED


def test_possible_disability_prompts_an_adjustment_before_escalating(staff, council):
    incident = submitted_incident(reporter=staff, council=council)
    with pytest.raises(ApplicationError) as error:
        incident_triage(actor=staff.line_manager, council=council, incident=incident,
                        **triage_answers(outcome="refer", possible_disability_or_need=True))
    assert error.value.field == "adjustment_offered"


def test_manager_cannot_triage_their_own_report(user_with_role, council):
    manager = user_with_role(Role.MANAGER)
    incident = submitted_incident(reporter=manager, council=council)
    with pytest.raises(ApplicationError, match="Someone else"):
        incident_triage(actor=manager, council=council, incident=incident, **triage_answers())


def test_report_from_someone_without_a_manager_goes_to_the_register_managers(user_with_role, council, django_capture_on_commit_callbacks):
    register_manager = user_with_role(Role.REGISTER_MANAGER)
    councillor = user_with_role(Role.COUNCILLOR)
    with django_capture_on_commit_callbacks(execute=True):
        submitted_incident(reporter=councillor, council=council)
    assert mail.outbox[0].to == [register_manager.email]
