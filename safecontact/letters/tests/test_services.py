from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.core.exceptions import ApplicationError
from safecontact.letters import rendering, services
from safecontact.letters.models import Event, Letter
from safecontact.letters.tests.factories import live_restriction
from safecontact.register.models import Measure


@pytest.fixture
def restriction(council, user_with_role):
    return live_restriction(council, user_with_role)


def prepare(measure, officer, council):
    return services.letter_prepare(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person, measure=measure)


def events(subject):
    return list(AuditEvent.objects.filter(subject_id=str(subject.pk)).order_by("seq").values_list("event_type", flat=True))


def test_prepare_takes_the_correspondence_address_and_its_verification_date(restriction, council):
    measure, officer, *_ = restriction
    letter = prepare(measure, officer, council)
    assert letter.status == Letter.Status.DRAFT
    assert "12 Mill Lane" in letter.address_text and letter.address_verified_on == date(2026, 1, 5)
    assert letter.reference.startswith("LET-") and len(letter.verification_code) == 8
    assert events(letter) == ["letter.prepared"]


def test_letter_is_not_issued_until_the_address_is_confirmed(restriction, council):
    measure, officer, *_ = restriction
    letter = prepare(measure, officer, council)
    with pytest.raises(ApplicationError, match="Confirm that the correspondence address"):
        services.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=False)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not letter.pdf_sha256


def test_issue_freezes_the_pdf_and_it_is_never_regenerated(restriction, council, django_capture_on_commit_callbacks):
    measure, officer, *_ = restriction
    letter = prepare(measure, officer, council)
    services.letter_edit_paragraphs(actor=officer, letter=letter, paragraphs={"additional": "We hope this will not be needed for long."})
    with django_capture_on_commit_callbacks(execute=True):
        letter = services.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    assert letter.status == Letter.Status.POSTED and letter.sent_at
    assert rendering.sha256(bytes(letter.pdf)) == letter.pdf_sha256
    assert letter.template_label == "Default wording" and letter.address_confirmed_by == officer
    with pytest.raises(ApplicationError):
        services.letter_edit_paragraphs(actor=officer, letter=letter, paragraphs={"additional": "Changed"})
    with pytest.raises(ApplicationError):
        services.letter_issue(actor=officer, letter=letter, channel="post", address_confirmed=True)
    assert events(letter) == ["letter.prepared", "letter.edited", "letter.issued"]
    issued = AuditEvent.objects.get(subject_id=str(letter.pk), event_type="letter.issued")
    assert issued.data["channel"] == "post" and issued.data["sha256"] == letter.pdf_sha256
    assert "William" not in str(issued.data) and "Mill" not in str(issued.data)


def test_email_letter_is_sent_with_its_idempotency_reference(restriction, council, django_capture_on_commit_callbacks):
    measure, officer, *_ = restriction
    letter = prepare(measure, officer, council)
    with django_capture_on_commit_callbacks(execute=True):
        services.letter_issue(actor=officer, letter=letter, channel="email", address_confirmed=True, recipient_email="william@example.org")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and letter.attempts == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.extra_headers["Message-ID"] == f"<{letter.pk}@letters.safecontact>"
    assert message.attachments[0][2] == "application/pdf" and message.attachments[0][1] == bytes(letter.pdf)
    assert "letter.sent" in events(letter)


def test_only_letter_roles_prepare(restriction, council, user_with_role):
    measure, *_ = restriction
    with pytest.raises(PermissionDenied):
        prepare(measure, user_with_role(Role.STAFF), council)


def test_large_print_request_is_honoured(council, user_with_role):
    measure, officer, *_ = live_restriction(council, user_with_role, preferred_format="Large print, please")
    letter = prepare(measure, officer, council)
    assert letter.large_print and letter.format_note == "Large print, please"
    assert 'class="large-print"' in rendering.render_html(letter)


def test_withheld_measure_gets_no_letter_until_reconsidered(restriction, council, user_with_role):
    measure, officer, approver, _ = restriction
    with pytest.raises(ApplicationError, match="reconsider"):
        services.measure_notification_decide(actor=approver, measure=measure, notify=False, reasons="Risk to the officer's family")
    measure = services.measure_notification_decide(actor=approver, measure=measure, notify=False, reasons="Risk to the officer's family",
                                                   reconsider_on=date.today() + timedelta(days=30))
    assert measure.notify_decision == Measure.Notify.WITHHELD
    with pytest.raises(ApplicationError, match="decided not to tell"):
        prepare(measure, officer, council)
    decided = AuditEvent.objects.get(subject_id=str(measure.pk), event_type="measure.notification_decided")
    assert decided.data == {"notify": False, "reconsider_on": (date.today() + timedelta(days=30)).isoformat()}
    with pytest.raises(PermissionDenied):
        services.measure_notification_decide(actor=officer, measure=measure, notify=True)
    measure = services.measure_notification_decide(actor=approver, measure=measure, notify=True)
    assert prepare(measure, officer, council).pk


def test_council_wording_is_versioned_previewed_and_kept_on_issued_letters(restriction, council, user_with_role):
    measure, officer, *_ = restriction
    manager = user_with_role(Role.REGISTER_MANAGER)
    with pytest.raises(ApplicationError, match="mistake"):
        services.letter_template_save(actor=manager, council=council, event=Event.CONTACT_RESTRICTION, body="{% if %}")
    version = services.letter_template_save(actor=manager, council=council, event=Event.CONTACT_RESTRICTION,
                                            body="<p>Our own words for {{ customer_name }} until {{ review_due|date:'j F Y' }}.</p>")
    with pytest.raises(ApplicationError, match="Preview"):
        services.letter_template_activate(actor=manager, version=version)
    services.letter_template_mark_previewed(actor=manager, version=version)
    services.letter_template_activate(actor=manager, version=version)
    letter = services.letter_issue(actor=officer, letter=prepare(measure, officer, council), channel="post", address_confirmed=True)
    assert letter.template_version == version and letter.template_label == "Council wording v1"
    assert "Our own words for William Harrington" in rendering.pdf_text(bytes(letter.pdf))
    assert events(version) == ["letter_template.saved", "letter_template.activated"]
