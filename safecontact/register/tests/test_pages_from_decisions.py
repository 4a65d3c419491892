"""The pages of issue 11's flow: the officer proposes from the decision (person and case fixed, incidents only the
case's, no default risk), the decision-maker sees what awaits approval on their home page, approves and the letter is
prepared; the urgent interim marker is reached from the incident."""

from django.urls import reverse

from safecontact.letters.models import Letter
from safecontact.register.models import Measure, Precaution
from safecontact.register.tests import builders as b


def _decision(council, officer, incident, outcome="propose_marker"):
    return b.decision_for(council, incident, officer, outcome=outcome)


def test_without_a_decision_the_officer_is_sent_to_the_decisions_waiting(council, officer, incident, client_for):
    decision = _decision(council, officer, incident)
    client = client_for(officer)
    for url in (reverse("register:propose_marker"), reverse("register:propose_start")):
        page = client.get(url).content.decode()
        assert "Decisions waiting for a register entry" in page
        assert decision.case.reference in page and f"?decision={decision.pk}" in page


def test_the_propose_page_fixes_the_person_and_offers_only_the_cases_incidents(council, officer, staff, incident, subject, client_for):
    decision = _decision(council, officer, incident)
    elsewhere = b.incident(council, staff, b.person(council, given="William", family="Harrington", dob=None))
    page = client_for(officer).get(reverse("register:propose_marker") + f"?decision={decision.pk}").content.decode()
    assert "born 14 March 1971" in page and "3 Kennel Row" in page  # namesakes differ by birth date and address
    assert incident.reference in page and elsewhere.reference not in page
    assert 'name="person"' not in page
    assert '<option value="" selected>Choose the impact</option>' in page  # no default risk: the officer chooses


def test_an_incident_off_the_case_is_refused_and_what_was_typed_is_kept(council, officer, staff, incident, client_for):
    decision = _decision(council, officer, incident)
    elsewhere = b.incident(council, staff, b.person(council, given="Ann", family="Other"))
    precaution = Precaution.objects.filter(council__isnull=True).first()
    response = client_for(officer).post(reverse("register:propose_marker"), {
        "decision": decision.pk, "originating_incident": elsewhere.pk, "reasons": "Kept reasons", "risk_impact": "4",
        "risk_likelihood": "4", "risk_description": "Threats", "precautions": [precaution.pk]})
    assert response.status_code == 200 and not Measure.objects.exists()
    page = response.content.decode()
    assert "Kept reasons" in page and "Select a valid choice" in page


def test_the_officer_proposes_from_the_decision_and_the_decision_maker_approves_from_home(
        council, officer, approver, incident, subject, client_for):
    decision = _decision(council, officer, incident)
    precaution = Precaution.objects.filter(council__isnull=True).first()
    response = client_for(officer).post(reverse("register:propose_marker"), {
        "decision": decision.pk, "originating_incident": incident.pk, "reasons": "Threats on two visits", "risk_impact": "4",
        "risk_likelihood": "3", "risk_description": "Threatened staff", "precautions": [precaution.pk]})
    measure = Measure.objects.get()
    assert response.status_code == 302 and (measure.decision, measure.person, measure.case) == (decision, subject, decision.case)
    dm = client_for(approver)
    home = dm.get(reverse("core:home")).content.decode()
    assert "Register entries awaiting your approval" in home
    assert measure.reference in dm.get(reverse("register:measure_list") + "?status=awaiting_approval").content.decode()
    response = dm.post(reverse("register:measure_approve", args=[measure.pk]), {"notify": "yes"})
    assert response.status_code == 302
    letter = Letter.objects.get(measure=measure)
    assert (Measure.objects.get(pk=measure.pk).status, letter.status, letter.event) == ("active", "draft", "safety_marker")


def test_the_case_page_offers_the_next_step_after_a_decision(council, officer, incident, client_for):
    decision = _decision(council, officer, incident)
    page = client_for(officer).get(reverse("cases:case_detail", args=[decision.case.pk])).content.decode()
    assert "Propose the safety marker" in page and f"?decision={decision.pk}" in page


def test_a_decision_maker_reaches_the_interim_marker_from_the_incident(council, approver, incident, client_for):
    client = client_for(approver)
    page = client.get(reverse("incidents:incident_detail", args=[incident.pk])).content.decode()
    assert reverse("register:interim_marker", args=[incident.pk]) in page
    precaution = Precaution.objects.filter(council__isnull=True).first()
    response = client.post(reverse("register:interim_marker", args=[incident.pk]), {
        "interim_reason": "Threatened to come back with a knife", "risk_impact": "5", "risk_likelihood": "4",
        "risk_description": "Knife threat", "precautions": [precaution.pk]})
    measure = Measure.objects.get()
    assert response.status_code == 302 and measure.is_unconfirmed_interim and measure.is_live
    home = client.get(reverse("core:home")).content.decode()
    assert "Interim safety markers waiting for a decision to confirm them" in home
