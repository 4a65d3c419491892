from datetime import date, timedelta

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.register.tests import builders
from safecontact.reviews.models import Review
from safecontact.reviews.tests.helpers import approved_marker, on

DUE = date(2026, 7, 12)
OVERDUE_DAY = DUE + timedelta(days=20)


@pytest.fixture
def marker(council, user_with_role):
    return approved_marker(council, user_with_role)[0]


def test_my_reviews_lists_the_owners_entries_due_and_marks_overdue(marker, client_for, user_with_role):
    with on(OVERDUE_DAY):
        other_officer = user_with_role(Role.REGISTER_OFFICER)
        response = client_for(marker.owner).get(reverse("reviews:my_reviews"))
        assert marker.reference in response.content.decode() and "Review overdue" in response.content.decode()
        assert marker.reference not in client_for(other_officer).get(reverse("reviews:my_reviews")).content.decode()


def test_all_reviews_due_filters_overdue_and_long_lived(marker, client_for, user_with_role):
    with on(DUE - timedelta(days=10)):
        manager = user_with_role(Role.REGISTER_MANAGER)
        client = client_for(manager)
        assert marker.reference in client.get(reverse("reviews:reviews_due")).content.decode()
        assert marker.reference not in client.get(reverse("reviews:reviews_due") + "?show=overdue").content.decode()
    with on(OVERDUE_DAY):
        client = client_for(user_with_role(Role.REGISTER_MANAGER))
        assert marker.reference in client.get(reverse("reviews:reviews_due") + "?show=overdue").content.decode()
        home = client.get(reverse("core:home")).content.decode()
        assert "Reviews overdue" in home


def test_register_list_and_entry_page_show_review_overdue(marker, client_for, user_with_role):
    with on(OVERDUE_DAY):
        client = client_for(user_with_role(Role.REGISTER_OFFICER))
        listing = client.get(reverse("register:measure_list")).content.decode()
        detail = client.get(reverse("register:measure_detail", kwargs={"id": marker.pk})).content.decode()
    assert "Review overdue" in listing and "Review overdue" in detail and "Review this entry" in detail
    with on(DUE - timedelta(days=1)):
        detail = client.get(reverse("register:measure_detail", kwargs={"id": marker.pk})).content.decode()
    assert "Review overdue" not in detail


def test_review_form_lists_the_evidence_and_keeps_what_was_typed_on_error(marker, council, client_for, user_with_role):
    day = date(2026, 7, 1)
    with on(day - timedelta(days=30)):
        new = builders.incident(council, user_with_role(Role.STAFF), marker.person)
    with on(day):
        client = client_for(user_with_role(Role.REGISTER_OFFICER))
        url = reverse("reviews:review_record", kwargs={"measure_id": marker.pk})
        page = client.get(url).content.decode()
        assert new.reference in page and marker.originating_incident.reference not in page
        response = client.post(url, {"representations": "He says he has moved house.", "outcome": "continue", "reasons": "",
                                     "notify": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in body and "He says he has moved house." in body
    assert body.count("govuk-error-message") >= 1 and "<title>Error:" in body.replace("\n", "")
    assert not Review.objects.exists()


def test_a_date_beyond_the_maximum_is_shown_beside_its_field(marker, client_for, user_with_role):
    with on(date(2026, 7, 1)):
        client = client_for(user_with_role(Role.REGISTER_OFFICER))
        response = client.post(reverse("reviews:review_record", kwargs={"measure_id": marker.pk}), {
            "outcome": "continue", "reasons": "Still needed.", "next_review_due_0": "2", "next_review_due_1": "7", "next_review_due_2": "2027",
            "notify": "yes"})
    body = response.content.decode()
    assert response.status_code == 200 and "within 12 months" in body
    assert 'name="next_review_due_0" value="2"' in body and 'name="next_review_due_2" value="2027"' in body


def test_recording_a_review_redirects_to_the_history(marker, client_for, user_with_role):
    with on(date(2026, 7, 1)):
        client = client_for(user_with_role(Role.REGISTER_OFFICER))
        response = client.post(reverse("reviews:review_record", kwargs={"measure_id": marker.pk}), {
            "outcome": "continue", "reasons": "Still needed.", "notify": "yes"})
        assert response.status_code == 302
        review = Review.objects.get()
        history = client.get(response["Location"]).content.decode()
        detail = client.get(reverse("reviews:review_detail", kwargs={"id": review.pk})).content.decode()
    assert "1 Jan 2027" in history and "Still needed." in detail and review.letter.reference in detail


def test_another_councils_entry_and_review_are_not_found(marker, other_council, client_for, user_with_role):
    with on(date(2026, 7, 1)):
        outsider = user_with_role(Role.REGISTER_OFFICER, for_council=other_council, organisation=other_council)
        client = client_for(outsider)
        assert client.get(reverse("reviews:review_record", kwargs={"measure_id": marker.pk})).status_code == 404
        assert client.get(reverse("reviews:measure_reviews", kwargs={"measure_id": marker.pk})).status_code == 404
        review = Review.objects.create(council=marker.council, measure=marker, reviewer=marker.owner, due_on=DUE)
        assert client.get(reverse("reviews:review_detail", kwargs={"id": review.pk})).status_code == 404


def test_settings_page_refuses_nonsense_and_keeps_it(marker, client_for, user_with_role):
    with on(date(2026, 7, 1)):
        client = client_for(user_with_role(Role.REGISTER_MANAGER))
        response = client.post(reverse("reviews:review_settings"), {
            "reminder_days": "soon", "grace_days": "14", "bring_forward_months": "1", "long_lived_months": "24"})
        assert response.status_code == 200 and 'value="soon"' in response.content.decode()
        response = client.post(reverse("reviews:review_settings"), {
            "reminder_days": "45,10", "grace_days": "7", "bring_forward_months": "1", "long_lived_months": "24"})
        assert response.status_code == 302


def test_linking_a_new_incident_to_the_person_brings_the_review_forward(marker, council, client_for, user_with_role):
    day = date(2026, 3, 2)
    with on(day):
        incident = builders.incident(council, user_with_role(Role.STAFF), None)
        client = client_for(user_with_role(Role.REGISTER_OFFICER))
        response = client.post(reverse("incidents:link_person", kwargs={"id": incident.pk}), {"person": str(marker.person_id)})
    assert response.status_code == 302
    marker.refresh_from_db()
    assert marker.review_due == date(2026, 4, 2)
    assert marker.review_date_changes.get().incident == incident


# --- Vary means vary (issue 11 part 6) ---

def marker_terms(marker, **changes):
    """What the review page posts back for the entry's terms: the current ones, as a browser sends them, with changes."""
    terms = {"precautions": [str(p.pk) for p in marker.precautions.all()], "risk_impact": str(marker.risk_impact),
             "risk_likelihood": str(marker.risk_likelihood), "risk_description": marker.risk_description.replace("\n", "\r\n"),
             "advice": marker.advice.replace("\n", "\r\n")}
    return {**terms, **changes}


def test_the_review_form_offers_the_entrys_current_terms_to_vary(marker, client_for, user_with_role):
    from safecontact.register.models import Precaution

    with on(date(2026, 7, 1)):
        page = client_for(user_with_role(Role.REGISTER_OFFICER)).get(
            reverse("reviews:review_record", kwargs={"measure_id": marker.pk})).content.decode()
    assert "If varying: the new terms" in page and marker.risk_description in page
    for precaution in Precaution.objects.filter(council__isnull=True, label__in=["Visit in pairs", "No lone visits", "Police escort"]):
        box = page.split(f'value="{precaution.pk}"')[1].split(">")[0]
        assert ("checked" in box) is (precaution.label != "Police escort"), precaution.label


def test_a_vary_with_nothing_changed_is_refused_and_keeps_what_was_typed(marker, client_for, user_with_role):
    with on(date(2026, 7, 1)):
        client = client_for(user_with_role(Role.REGISTER_OFFICER))
        response = client.post(reverse("reviews:review_record", kwargs={"measure_id": marker.pk}), {
            "outcome": "vary", "reasons": "Still needed, differently.", "changed_terms": "He no longer keeps the dog.",
            "notify": "yes", **marker_terms(marker)})
    body = response.content.decode()
    assert response.status_code == 200 and "Nothing was changed: change the terms, or record the review as continued." in body
    assert "He no longer keeps the dog." in body and "Still needed, differently." in body
    assert not Review.objects.exists()


def test_varying_on_the_review_page_changes_the_terms_and_the_entry_shows_its_versions(marker, client_for, user_with_role):
    from safecontact.register.models import Precaution

    office = Precaution.objects.get(council__isnull=True, label="Meet only at council offices")
    with on(date(2026, 7, 1)):
        officer = user_with_role(Role.REGISTER_OFFICER, full_name="Gareth Lloyd")
        client = client_for(officer)
        response = client.post(reverse("reviews:review_record", kwargs={"measure_id": marker.pk}), {
            "outcome": "vary", "reasons": "Still needed, differently.", "changed_terms": "He no longer keeps the dog.",
            "notify": "yes", **marker_terms(marker, precautions=[str(office.pk)], advice="Meet him at the office.")})
        assert response.status_code == 302
        page = client.get(reverse("register:measure_detail", kwargs={"id": marker.pk})).content.decode()
    marker.refresh_from_db()
    assert [p.label for p in marker.precautions.all()] == ["Meet only at council offices"] and marker.advice == "Meet him at the office."
    history = page.split("Versions of the terms")[1]
    assert history.index("Version 2: varied at review") < history.index("Version 1: approved")
    newest = history.split("Version 1: approved")[0]
    assert "Gareth Lloyd" in newest and "He no longer keeps the dog." in newest and "1 July 2026" in newest
    assert "Meet only at council offices" in newest and "No lone visits" not in newest
    assert "No lone visits" in history.split("Version 1: approved")[1]
