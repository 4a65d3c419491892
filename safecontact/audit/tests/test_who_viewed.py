"""Who has viewed a person (issue 14: the data protection officer's top task): the customer record links to the audit
trail narrowed to that record's views; another record's views, other events and other councils' records stay out."""

from safecontact.access.policy import Role
from safecontact.audit.services import audit_access
from safecontact.register.tests import builders


def test_the_record_links_to_its_views_and_the_list_shows_only_those(council, user_with_role, client_for):
    person = builders.person(council, given="Margaret", family="Okonkwo")
    other = builders.person(council, given="William", family="Harrington")
    audit_access(actor=user_with_role(Role.REGISTER_OFFICER, full_name="Olu Adeyemi"), council=council, subject=person)
    audit_access(actor=user_with_role(Role.DECISION_MAKER, full_name="Dafydd Morgan"), council=council, subject=other)
    client = client_for(user_with_role(Role.DPO, full_name="Priya Shah"))

    record = client.get(f"/people/{person.pk}/").content.decode()
    # Issue 17: the link goes to the record's own page (the register manager may open it too); /audit/?person= still
    # works for the DPO, and is checked in test_audit_filters.
    assert f"/audit/views/person/{person.pk}/" in record and "Who has viewed this record" in record
    page = client.get(f"/audit/views/person/{person.pk}/").content.decode()
    assert "Who has viewed Margaret Okonkwo" in page
    assert "Olu Adeyemi" in page and "Priya Shah" in page  # the DPO's own visit to the record is a view too
    assert "Dafydd Morgan" not in page and "List viewed" not in page


def test_only_the_data_protection_officer_sees_the_link(council, user_with_role, client_for):
    person = builders.person(council)
    page = client_for(user_with_role(Role.REGISTER_OFFICER)).get(f"/people/{person.pk}/").content.decode()
    assert "Who has viewed this record" not in page


def test_another_councils_record_or_a_bad_id_shows_the_whole_trail(council, other_council, user_with_role, client_for):
    elsewhere = builders.person(other_council, given="Margaret", family="Okonkwo")
    client = client_for(user_with_role(Role.DPO))
    for asked in (str(elsewhere.pk), "not-an-id"):
        page = client.get("/audit/", {"person": asked})
        assert page.status_code == 200
        assert "<h1 class=\"govuk-heading-l\">Audit trail</h1>" in page.content.decode() and "Margaret" not in page.content.decode()


def test_the_check_result_offers_to_report_an_incident(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    response = client.post("/checks/", {"name": "Gareth Pryce-Jones", "date_of_birth": "14/3/1971",
                                        "purpose": "home_visit"}, follow=True)
    page = response.content.decode()
    assert "No live entry found" in page and 'href="/incidents/report/"' in page
