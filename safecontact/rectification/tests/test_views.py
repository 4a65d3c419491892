"""The pages: the list (clock, sort, empty state), recording from the customer's record, the request page and its
three forms, the "disputed" banner on the person, entry and decision pages, and nothing in a partner's check."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.checks.models import Check
from safecontact.checks.services import CheckQuery, check_run
from safecontact.rectification import services
from safecontact.rectification.models import RectificationRequest
from safecontact.rectification.tests.factories import disputed_setup, record

SAID = "I did not shout at the officer on 3 March"


@pytest.fixture
def setup(council, user_with_role):
    return disputed_setup(council, user_with_role)


def page(client, name, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_is_empty_then_sorted_by_the_reply_date_with_overdue_marked(setup, client_for):
    client = client_for(setup["dpo"])
    assert "There are no open requests to correct records." in page(client, "rectification:request_list")
    today = timezone.localdate()
    late = record(setup, received_on=today - timedelta(days=45))
    fresh = record(setup, received_on=today, measure=False)
    html = page(client, "rectification:request_list")
    assert html.index(late.reference) < html.index(fresh.reference) and "Overdue" in html
    assert 'aria-sort="ascending"' in html and "sort=-due" in html
    newest = client.get(reverse("rectification:request_list") + "?sort=-due").content.decode()
    assert newest.index(fresh.reference) < newest.index(late.reference)
    overdue = client.get(reverse("rectification:request_list") + "?show=overdue").content.decode()
    assert late.reference in overdue and fresh.reference not in overdue
    assert AuditEvent.objects.filter(event_type="access.listed", data__list="rectification requests").exists()


def test_the_dpo_has_a_home_task_for_requests_past_their_deadline(setup, client_for):
    record(setup, received_on=timezone.localdate() - timedelta(days=45))
    home = client_for(setup["dpo"]).get("/").content.decode()
    assert "Requests to correct records past their deadline" in home and "show=overdue" in home


def test_recording_from_the_customers_record_keeps_what_was_typed_on_an_error(setup, client_for):
    client = client_for(setup["dpo"])
    person = setup["person"]
    assert "Record a request to correct or restrict this record" in page(client, "people:person_detail", id=person.pk)
    url = reverse("rectification:request_record", kwargs={"person_id": person.pk})
    form = {"kind": "rectification", "channel": "letter", "what_is_wrong": SAID, "measure": str(setup["measure"].pk),
            "received_on_0": "", "received_on_1": "", "received_on_2": ""}
    error = client.post(url, form).content.decode()
    assert "There is a problem" in error and "Enter the date the request was received" in error and SAID in error
    today = timezone.localdate()
    done = client.post(url, {**form, "received_on_0": today.day, "received_on_1": today.month, "received_on_2": today.year})
    item = RectificationRequest.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("rectification:request_detail", kwargs={"id": item.pk})
    assert item.measure == setup["measure"] and item.recorded_by == setup["dpo"]


def test_the_person_page_the_entry_page_and_the_decision_facts_say_the_record_is_disputed(setup, client_for, user_with_role):
    item = record(setup, received_on=date(2026, 11, 2))
    services.rectification_statement_add(actor=setup["dpo"], request=item, statement="I was upset, not threatening.")
    banner = f"The customer disputes this record: {SAID}, since 2 November 2026."
    officer = client_for(setup["officer"])
    person_page = page(officer, "people:person_detail", id=setup["person"].pk)
    assert banner in person_page and "I was upset, not threatening." in person_page
    assert "Record a request to correct" not in person_page  # only the DPO records one
    assert item.reference not in person_page  # the register officer cannot open the request itself
    entry_page = page(client_for(setup["approver"]), "register:measure_detail", id=setup["measure"].pk)
    assert banner in entry_page and "I was upset, not threatening." in entry_page
    facts = page(client_for(user_with_role(Role.DECISION_MAKER)), "cases:decision_create", id=setup["measure"].decision.case_id)
    assert banner in facts
    services.rectification_decide(actor=setup["dpo"], request=item, outcome="refused", reasons="Two staff witnessed it.")
    after = page(officer, "people:person_detail", id=setup["person"].pk)
    assert "disputes this record" not in after and "I was upset, not threatening." in after and "was refused" in after


def test_the_decision_facts_show_the_dispute(setup, client_for, user_with_role):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from safecontact.cases.facts import decision_facts_for

    record(setup)
    decider = user_with_role(Role.DECISION_MAKER)
    request = RequestFactory().get("/")
    request.user, request.council = decider, setup["measure"].council
    facts = decision_facts_for(user=decider, council=request.council, incident=setup["measure"].originating_incident)
    html = render_to_string("cases/_facts.html", {"facts": facts, "request": request})
    assert f"The customer disputes this record: {SAID}" in html


def test_a_partners_check_answer_carries_no_dispute(setup, user_with_role):
    partner = user_with_role(Role.PARTNER)
    setup["measure"].shared_with.add(partner.organisation)
    item = record(setup)
    services.rectification_statement_add(actor=setup["dpo"], request=item, statement="I was upset, not threatening.")
    result = check_run(actor=partner, council=setup["measure"].council,
                       query=CheckQuery(purpose="home_visit", name="William Harrington", date_of_birth=date(1971, 3, 14)))
    assert result.outcome == Check.Outcome.PRECAUTIONS_APPLY  # the precaution still protects the visit
    shown = repr(result.entries)
    assert SAID not in shown and "upset" not in shown and "disput" not in shown.lower()


def test_the_request_page_extends_adds_the_statement_and_decides(setup, client_for):
    item = record(setup)
    client = client_for(setup["dpo"])
    html = page(client, "rectification:request_detail", id=item.pk)
    assert SAID in html and "Extend the deadline" in html and "Decide the request" in html
    url = lambda name: reverse(f"rectification:{name}", kwargs={"id": item.pk})  # noqa: E731
    missing = client.post(url("request_extend"), {"reason": ""}).content.decode()
    assert "There is a problem" in missing
    assert client.post(url("request_extend"), {"reason": "Police records to obtain"}).status_code == 302
    assert client.post(url("request_statement"), {"statement": "I was upset."}).status_code == 302
    error = client.post(url("request_decide"), {"outcome": "partly_upheld", "reasons": "Some of it is right", "correction": ""})
    assert "Say what was corrected or restricted." in error.content.decode() and "Some of it is right" in error.content.decode()
    done = client.post(url("request_decide"), {"outcome": "partly_upheld", "reasons": "Some of it is right",
                                                "correction": "The account now says raised voice."})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.status == "partly_upheld" and item.extended_due_on and item.statement == "I was upset."
    decided = page(client, "rectification:request_detail", id=item.pk)
    assert item.outcome_letter.reference in decided and "Decide the request" not in decided


def test_requests_of_another_council_are_not_found_and_staff_may_not_open_the_list(setup, client_for, user_with_role, other_council):
    item = record(setup)
    elsewhere = user_with_role(Role.DPO, for_council=other_council)
    assert client_for(elsewhere).get(reverse("rectification:request_detail", kwargs={"id": item.pk})).status_code == 404
    assert client_for(user_with_role(Role.STAFF)).get(reverse("rectification:request_list")).status_code == 403
    manager = client_for(user_with_role(Role.REGISTER_MANAGER))
    html = page(manager, "rectification:request_detail", id=item.pk)
    assert SAID in html and "Decide the request" not in html
