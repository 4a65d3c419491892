"""Warning letters (R16, R18): prepared from the case page (formal) or the report's page (informal), checked,
issued as a frozen PDF with a confirmed address, and sent through the outbox like every other letter."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.cases import services as cases
from safecontact.core.exceptions import ApplicationError
from safecontact.letters import rendering, services
from safecontact.letters.models import Event, Letter
from safecontact.letters.services import outbox
from safecontact.letters.tests.warning_builders import formal_warning, informal_warning


@pytest.fixture
def formal(council, user_with_role):
    return formal_warning(council, user_with_role)


@pytest.fixture
def informal(council, user_with_role):
    return informal_warning(council, user_with_role)


def test_formal_warning_letter_carries_what_r18_requires_and_goes_out_through_the_outbox(
    formal, council, django_capture_on_commit_callbacks,
):
    letter = services.formal_warning_letter_prepare(actor=formal.officer, council=council, decision=formal.decision)
    assert (letter.event, letter.decision, letter.person, letter.status) == (Event.FORMAL_WARNING, formal.decision, formal.person, "draft")
    assert "12 Mill Lane" in letter.address_text and letter.extra["policy_version"] == "2026.1"
    preview = rendering.render_html(letter)
    for text in ("face to face): verbal abuse",  # the behaviour, from the report's date, channel and categories
                 "3 March 2026: shouted at the counter",  # dated examples
                 "Speak to staff without shouting or threats",  # the change expected
                 "If the behaviour continues", "we may limit how you can contact us",  # the consequence
                 "If you think the facts are wrong",  # how to dispute the facts
                 "version 2026.1", "This warning counts until", letter.verification_code):  # the policy; the appeal code
        assert text in preview, text
    with django_capture_on_commit_callbacks(execute=True):
        issued = services.letter_issue(actor=formal.officer, letter=letter, channel="email", address_confirmed=True,
                                       recipient_email="william@example.org")
    issued.refresh_from_db()
    assert issued.status == Letter.Status.SENT and len(mail.outbox) == 1  # queued, then sent by the outbox task
    assert rendering.sha256(bytes(issued.pdf)) == issued.pdf_sha256 and issued.address_confirmed_by == formal.officer
    text = " ".join(rendering.pdf_text(bytes(issued.pdf)).split())
    assert "3 March 2026: shouted at the counter" in text and "Speak to staff without shouting or threats" in text
    assert outbox.letters_deliver_due() == 0  # nothing left in the outbox
    types = list(AuditEvent.objects.filter(subject_id=str(letter.pk)).order_by("seq").values_list("event_type", flat=True))
    assert types == ["letter.prepared", "letter.issued", "letter.sent"]


def test_informal_warning_confirmation_letter_is_prepared_and_posted(informal, council):
    letter = services.informal_warning_letter_prepare(actor=informal.officer, council=council, incident=informal.incident)
    assert (letter.event, letter.incident, letter.person, letter.decision) == (Event.INFORMAL_WARNING, informal.incident, informal.person, None)
    preview = rendering.render_html(letter)
    assert "Confirming the warning you were given" in preview and "If you think the facts are wrong" in preview
    assert "Shouting at staff is not acceptable" not in preview  # the officer's own note stays in the file
    issued = services.letter_issue(actor=informal.officer, letter=letter, channel="post", address_confirmed=True)
    assert issued.status == Letter.Status.POSTED and issued.pdf_sha256 and issued.issued_on
    assert "Confirming the warning you were given" in rendering.pdf_text(bytes(issued.pdf))


def test_a_second_click_shows_the_draft_already_prepared(formal, informal, council):
    first = services.formal_warning_letter_prepare(actor=formal.officer, council=council, decision=formal.decision)
    again = services.formal_warning_letter_prepare(actor=formal.officer, council=council, decision=formal.decision)
    assert first == again
    informal_first = services.informal_warning_letter_prepare(actor=informal.officer, council=council, incident=informal.incident)
    assert services.informal_warning_letter_prepare(actor=informal.officer, council=council, incident=informal.incident) == informal_first
    assert Letter.objects.count() == 2
    assert AuditEvent.objects.filter(event_type="letter.prepared").count() == 2


def test_only_letter_officers_prepare_warning_letters(formal, council):
    with pytest.raises(PermissionDenied):
        services.formal_warning_letter_prepare(actor=formal.decider, council=council, decision=formal.decision)
    assert not Letter.objects.exists()


def test_a_decision_that_is_not_a_formal_warning_has_no_warning_letter(formal, council):
    other = cases.decision_record(actor=formal.decider, council=council, case=formal.decision.case, outcome="police_referral",
                                  reasons="Threats", policy_clause="5.2", proportionality="Serious", equality_screen="None",
                                  access_to_services="As usual", known_to_social_care="no")
    with pytest.raises(ApplicationError, match="Only a decision to give a formal warning"):
        services.formal_warning_letter_prepare(actor=formal.officer, council=council, decision=other)


def test_an_informal_warning_letter_needs_the_report_linked_to_the_customer(informal, council):
    type(informal.incident).objects.filter(pk=informal.incident.pk).update(person=None)
    with pytest.raises(ApplicationError, match="Link the report"):
        services.informal_warning_letter_prepare(actor=informal.officer, council=council, incident=informal.incident)


def test_a_withdrawn_warning_has_no_letter(formal, council):
    cases.formal_warning_withdraw(actor=None, decision=formal.decision, reason="Overturned on appeal APL-2026-000001")
    with pytest.raises(ApplicationError, match="withdrawn on appeal"):
        services.formal_warning_letter_prepare(actor=formal.officer, council=council, decision=formal.decision)


# --- The pages ---

def test_officer_prepares_the_formal_warning_letter_from_the_case_page(formal, council, client_for):
    client = client_for(formal.officer)
    page = client.get(f"/cases/{formal.decision.case_id}/").content.decode()
    assert "Prepare the formal warning letter" in page and "In force until" in page
    response = client.post(f"/letters/for-formal-warning/{formal.decision.pk}/")
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/letters/{letter.pk}/"
    assert client.post(f"/letters/for-formal-warning/{formal.decision.pk}/")["Location"] == f"/letters/{letter.pk}/"
    assert Letter.objects.count() == 1
    assert letter.reference in client.get(f"/cases/{formal.decision.case_id}/").content.decode()


def test_officer_prepares_the_informal_warning_letter_from_the_report_page(informal, client_for):
    client = client_for(informal.officer)
    page = client.get(f"/incidents/{informal.incident.pk}/").content.decode()
    assert "Prepare the informal warning confirmation letter" in page and "In force until" in page
    response = client.post(f"/letters/for-informal-warning/{informal.incident.pk}/")
    letter = Letter.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/letters/{letter.pk}/"
    assert "Confirming the warning you were given" in client.get(response["Location"]).content.decode()


def test_roles_without_the_letter_permission_get_no_button_and_are_refused(formal, informal, client_for):
    client = client_for(formal.decider)
    assert "Prepare the formal warning letter" not in client.get(f"/cases/{formal.decision.case_id}/").content.decode()
    assert client.post(f"/letters/for-formal-warning/{formal.decision.pk}/").status_code == 403
    manager = client_for(informal.manager)
    assert "Prepare the informal warning" not in manager.get(f"/incidents/{informal.incident.pk}/").content.decode()
    assert manager.post(f"/letters/for-informal-warning/{informal.incident.pk}/").status_code == 403
    assert not Letter.objects.exists()


def test_another_councils_warning_is_404(formal, informal, other_council, user_with_role, client_for):
    stranger = client_for(user_with_role(Role.REGISTER_OFFICER, for_council=other_council))
    assert stranger.post(f"/letters/for-formal-warning/{formal.decision.pk}/").status_code == 404
    assert stranger.post(f"/letters/for-informal-warning/{informal.incident.pk}/").status_code == 404
    assert not Letter.objects.exists()


def test_a_refusal_goes_back_to_the_page_with_the_reason(formal, council, client_for):
    cases.formal_warning_withdraw(actor=None, decision=formal.decision, reason="Overturned on appeal APL-2026-000001")
    client = client_for(formal.officer)
    page = client.get(f"/cases/{formal.decision.case_id}/").content.decode()
    assert "Withdrawn on appeal" in page and "Prepare the formal warning letter" not in page
    response = client.post(f"/letters/for-formal-warning/{formal.decision.pk}/", follow=True)
    assert "withdrawn on appeal, so no warning letter" in response.content.decode() and not Letter.objects.exists()
