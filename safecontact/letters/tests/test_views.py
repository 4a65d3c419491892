from django.core import mail

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.letters.models import Letter
from safecontact.letters.tests.factories import live_restriction


def test_officer_prepares_previews_and_issues_a_letter(council, user_with_role, client_for, django_capture_on_commit_callbacks):
    measure, officer, *_ = live_restriction(council, user_with_role)
    client = client_for(officer)
    detail = client.get(f"/register/{measure.pk}/")
    assert "Prepare the letter" in detail.content.decode()
    response = client.post(f"/letters/for-entry/{measure.pk}/", {"event": "contact_restriction"})
    letter = Letter.objects.get()
    assert response["Location"] == f"/letters/{letter.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "12 Mill Lane" in page and "5 January 2026" in page and "Issue the letter" in page
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=str(letter.pk)).exists()
    refused = client.post(f"/letters/{letter.pk}/issue/", {"channel": "email", "recipient_email": "william@example.org"})
    assert refused.status_code == 200 and "Error: " in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/letters/{letter.pk}/issue/", {"channel": "email", "recipient_email": "william@example.org", "address_confirmed": "on"})
    letter.refresh_from_db()
    assert letter.status == "sent" and len(mail.outbox) == 1
    pdf = client.get(f"/letters/{letter.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content == bytes(letter.pdf)


def test_other_councils_letters_are_404(council, other_council, user_with_role, client_for):
    measure, officer, *_ = live_restriction(council, user_with_role)
    from safecontact.letters.services import letter_create

    letter = letter_create(actor=officer, council=council, event="contact_restriction", person=measure.person, measure=measure)
    stranger = user_with_role(Role.REGISTER_OFFICER, for_council=other_council)
    assert client_for(stranger).get(f"/letters/{letter.pk}/").status_code == 404
