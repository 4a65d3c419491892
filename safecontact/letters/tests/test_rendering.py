"""Every letter renders to a PDF whose text holds the merge values."""

from datetime import date

import pytest

from safecontact.access.policy import Role
from safecontact.accounts.models import CouncilSettings
from safecontact.core.workdays import add_working_days
from safecontact.letters import rendering, services
from safecontact.letters.models import Event
from safecontact.letters.tests.factories import live_restriction


@pytest.fixture
def setup(council, user_with_role):
    CouncilSettings.objects.filter(council=council).update(
        letter_address="Municipal Offices, Promenade, GL50 9SA", letter_signatory="Jo Bloggs, Customer Relations Manager",
        privacy_notice_url="https://testshire.gov.uk/privacy", appeal_window_working_days=10)
    spoc = user_with_role(Role.REGISTER_OFFICER, full_name="Nadia Spoc", job_title="Customer Relations Officer")
    measure, officer, *_ = live_restriction(council, user_with_role, spoc=spoc)
    services.letter_settings_update(actor=user_with_role(Role.REGISTER_MANAGER), council=council, is_landlord=True,
                                    policy_url="https://testshire.gov.uk/ucb-policy")
    return measure, officer


@pytest.mark.parametrize("event", Event.values)
def test_every_letter_renders_to_a_pdf_with_its_merge_values(event, setup, council):
    measure, officer = setup
    extra = {"appeal_reference": "APL-2026-000001", "outcome": "varied", "outcome_reasons": "Reasons given here.",
             "changed_terms": "Phone calls on Tuesdays too.", "received_on": "2026-03-02", "decision_due": "2026-03-16"}
    letter = services.letter_create(actor=officer, council=council, event=event, person=measure.person, measure=measure, extra=extra)
    # Lines wrap anywhere (even inside a web address): compare without whitespace.
    text = "".join(rendering.pdf_text(rendering.html_to_pdf(rendering.render_html(letter))).split())

    def has(value):
        return "".join(value.split()) in text

    for value in ("Testshire Borough Council", "William Harrington", "12 Mill Lane", "GL50 1PQ", letter.reference,
                  "Jo Bloggs, Customer Relations Manager", "https://testshire.gov.uk/privacy", "https://testshire.gov.uk/ucb-policy",
                  "Local Government and Social Care Ombudsman", "Housing Ombudsman"):
        assert has(value), (event, value)
    if event in (Event.CONTACT_RESTRICTION,):
        for value in ("Nadia Spoc", "Housing repairs can still be reported by phone", measure.review_due.strftime("%-d %B %Y"),
                      measure.starts_on.strftime("%-d %B %Y")):
            assert has(value), (event, value)
    if event in rendering.APPEALABLE:
        appeal_by = add_working_days(date.today(), 10)
        assert has(appeal_by.strftime("%-d %B %Y")) and has(letter.verification_code)
    if event in (Event.APPEAL_OUTCOME, Event.APPEAL_ACKNOWLEDGEMENT):
        assert has("APL-2026-000001")
    if event == Event.APPEAL_OUTCOME:
        assert has("Reasons given here.") and has("Phone calls on Tuesdays too.")
    # Never the incident's narrative (which may name staff or witnesses).
    assert not has("Shouted and threatened")


def test_appeal_deadline_counts_bank_holidays_out():
    # Issued on Thursday 17 April 2025: Good Friday and Easter Monday are not working days.
    assert add_working_days(date(2025, 4, 17), 10) == date(2025, 5, 6)  # also skips the early May bank holiday


def test_housing_ombudsman_only_where_the_council_is_the_landlord(setup, council, user_with_role):
    measure, officer = setup
    services.letter_settings_update(actor=user_with_role(Role.REGISTER_MANAGER), council=council, is_landlord=False, policy_url="")
    letter = services.letter_create(actor=officer, council=council, event=Event.SAFETY_MARKER, person=measure.person, measure=measure)
    html = rendering.render_html(letter)
    assert "Local Government and Social Care Ombudsman" in html and "Housing Ombudsman" not in html


def test_letter_cites_the_policy_version_in_force_and_its_public_page(setup, council, user_with_role):
    from safecontact.policies import services as policies

    measure, officer = setup
    manager = user_with_role(Role.REGISTER_MANAGER)
    services.letter_settings_update(actor=manager, council=council, is_landlord=False, policy_url="")
    draft = policies.policy_draft_save(actor=manager, council=council, version="2.3", title="", text="Policy")
    policies.policy_approve(actor=manager, policy=draft, authority="Cabinet", effective_from=date(2020, 1, 1),
                            next_review_due=date(2020, 12, 31))
    letter = services.letter_create(actor=officer, council=council, event=Event.SAFETY_MARKER, person=measure.person, measure=measure)
    assert letter.extra["policy_version"] == "2.3"
    html = rendering.render_html(letter)
    assert "(version 2.3)" in html and f"/policy/{council.slug}/" in html
