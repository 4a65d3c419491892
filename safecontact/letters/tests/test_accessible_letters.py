"""Letters a screen reader can read and a preview nobody mistakes for the letter sent (issue 14): tagged PDF/UA
with the document language and a title; DRAFT on the preview PDF and the HTML preview, never on the letter issued;
the large-print offer in body type; the appeal link starts with SITE_URL."""

import io

import pytest
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.letters import rendering, services
from safecontact.letters.models import Event, Letter
from safecontact.letters.tests.factories import live_restriction


@pytest.fixture
def letter(council, user_with_role):
    CouncilSettings.objects.filter(council=council).update(letter_address="Municipal Offices, Promenade, GL50 9SA")
    measure, officer, *_ = live_restriction(council, user_with_role)
    return services.letter_create(actor=officer, council=council, event=Event.CONTACT_RESTRICTION, person=measure.person,
                                  measure=measure)


def _catalog(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    return reader, reader.trailer["/Root"]


def test_the_letter_pdf_is_tagged_with_its_language_and_title(letter):
    reader, catalog = _catalog(rendering.html_to_pdf(rendering.render_html(letter, draft=False)))
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "en-GB"
    assert letter.reference in reader.metadata.title and catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True


def test_the_preview_is_marked_draft_and_the_letter_issued_is_not(letter, council, user_with_role, client_for):
    officer = user_with_role(Role.REGISTER_OFFICER)
    client = client_for(officer)
    page = client.get(reverse("letters:letter_detail", args=[letter.pk])).content.decode()
    assert 'class="draft-mark' in page and ">DRAFT<" in page
    preview = client.get(reverse("letters:letter_pdf", args=[letter.pk])).content
    assert "DRAFT" in rendering.pdf_text(preview) and "DRAFT" in _catalog(preview)[0].metadata.title

    issued = services.letter_issue(actor=officer, letter=letter, channel=Letter.Channel.POST, address_confirmed=True)
    final = bytes(Letter.objects.get(pk=issued.pk).pdf)
    assert "DRAFT" not in rendering.pdf_text(final)
    assert _catalog(final)[1]["/MarkInfo"]["/Marked"].value is True
    assert client.get(reverse("letters:letter_pdf", args=[letter.pk])).content == final


def test_the_large_print_offer_is_in_body_type(letter):
    html = rendering.render_html(letter, draft=False)
    assert '<p class="formats">If you need this letter in another format, such as large print' in html
    assert 'class="links">' not in html.split("large print")[0][-200:]


@override_settings(SITE_URL="http://127.0.0.1:8123")
def test_the_appeal_link_uses_the_running_address(letter, council):
    assert rendering.merge_context(letter)["appeal_url"] == f"http://127.0.0.1:8123/appeal/{council.slug}/"
