"""A restriction is approved → its letter is previewed, the address confirmed, issued and sent (to a
local SMTP sink) → the customer appeals on the public page → an independent officer decides → the
outcome letter exists and the measure changed. axe on every page, the public one included."""

from playwright.sync_api import expect

from safecontact.access.policy import Role
from safecontact.appeals.models import Appeal
from safecontact.letters.models import Letter
from safecontact.letters.tests.factories import live_restriction
from safecontact.register.models import Measure
from tests.smtp_sink import SmtpSink


def test_letter_appeal_and_outcome(live_server, page, council, user_with_role, sign_in_as, axe, settings):
    measure, officer, _approver, _reporter = live_restriction(council, user_with_role)
    manager = user_with_role(Role.REGISTER_MANAGER, full_name="Rachel Green")
    appeals_officer = user_with_role(Role.APPEALS_OFFICER, full_name="Aisha Khan")
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", sink.port, False

        sign_in_as(officer)
        page.goto(f"{live_server.url}/register/{measure.pk}/")
        axe(page)
        page.get_by_role("button", name="Prepare the letter").click()
        expect(page.get_by_role("heading", name="Preview")).to_be_visible()
        expect(page.get_by_text("5 January 2026")).to_be_visible()  # when the address was last verified
        axe(page)
        page.get_by_role("radio", name="Email").check()
        page.get_by_role("button", name="Issue the letter").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm that the correspondence address")
        axe(page)
        page.get_by_label("I have checked that this correspondence address is current").check()
        page.get_by_role("button", name="Issue the letter").click()
        expect(page.get_by_text("issued.")).to_be_visible()
        expect(page.locator("h1 .govuk-tag")).to_have_text("Sent")
        axe(page)
        letter = Letter.objects.get(event="contact_restriction")
        assert letter.status == "sent" and len(sink.messages) == 1
        assert sink.messages[0]["Message-ID"] == f"<{letter.pk}@letters.safecontact>"

        context_page = page.context.new_page()
        context_page.context.clear_cookies()
        context_page.goto(f"{live_server.url}/appeal/{council.slug}/")  # as the letter links to it
        expect(context_page.locator(".govuk-generic-header")).to_contain_text(council.name)
        axe(context_page)
        context_page.get_by_role("button", name="Continue").click()
        expect(context_page.locator(".govuk-error-summary")).to_be_visible()
        axe(context_page)
        context_page.get_by_label("Letter reference").fill(letter.reference)
        context_page.get_by_label("Appeal code").fill("ZZZZ9999")
        context_page.get_by_label("The measure is disproportionate").check()
        context_page.get_by_role("button", name="Continue").click()
        expect(context_page.locator(".govuk-error-summary")).to_contain_text("We could not match that reference and code")
        axe(context_page)
        context_page.get_by_label("Appeal code").fill(letter.verification_code)
        context_page.get_by_label("Tell us more (optional)").fill("I only called about my repairs.")
        context_page.get_by_role("button", name="Continue").click()
        expect(context_page.get_by_role("heading", name="Check your answers before sending your appeal")).to_be_visible()
        axe(context_page)
        context_page.get_by_role("button", name="Send your appeal").click()
        expect(context_page.get_by_role("heading", name="Appeal sent")).to_be_visible()
        axe(context_page)
        context_page.close()
        appeal = Appeal.objects.get()

        sign_in_as(officer)
        page.goto(f"{live_server.url}/register/")
        expect(page.get_by_text("Under appeal")).to_be_visible()
        axe(page)

        sign_in_as(manager)
        page.goto(f"{live_server.url}/appeals/")
        axe(page)
        page.get_by_role("link", name=appeal.reference).click()
        axe(page)
        page.get_by_label("Appeals officer").select_option(label="Aisha Khan")
        page.get_by_role("button", name="Assign").click()
        expect(page.get_by_text("assigned.")).to_be_visible()
        axe(page)

        sign_in_as(appeals_officer)
        page.goto(f"{live_server.url}/appeals/{appeal.pk}/")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        axe(page)
        page.get_by_label("Upheld: the decision is withdrawn").check()
        page.get_by_label("Reasons").fill("The contact was about repairs; a restriction is out of proportion.")
        page.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_text("The outcome letter is ready")).to_be_visible()
        axe(page)
        page.get_by_role("link", name="Outcome letter").click()
        expect(page.get_by_role("heading", name="The outcome of your appeal")).to_be_visible()
        axe(page)

    appeal.refresh_from_db()
    assert appeal.outcome == "overturned" and appeal.outcome_letter.event == "appeal_outcome"
    measure.refresh_from_db()
    assert measure.status == Measure.Status.ENDED and measure.ended_reason == "overturned"
