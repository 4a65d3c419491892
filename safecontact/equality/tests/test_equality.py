"""Equality monitoring (R77): answers kept apart, recorded only by Customer Relations and the DPO, audited without
the answers, and reported by group with small numbers withheld (a group of 3 never shows its count)."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent
from safecontact.equality import selectors, services
from safecontact.equality.models import EqualityRecord
from safecontact.governance.rendering import annual_report_html
from safecontact.governance.selectors_annual import Year, annual_report
from safecontact.governance.tests.foi_text import THREE
from safecontact.register.tests import builders as b


@pytest.fixture
def officer(user_with_role):
    return user_with_role(Role.REGISTER_OFFICER, full_name="Olivia Officer")


def _people(council, n, start=0):
    return [b.person(council, given=f"Given{i}", family=f"Family{i}", dob=date(1970, 1, 1 + (i % 28))) for i in range(start, start + n)]


def _record(officer, council, person, **answers):
    return services.equality_record_save(actor=officer, council=council, person=person, answers=answers)


def test_saving_answers_is_audited_without_the_answers(council, officer):
    person = _people(council, 1)[0]
    record = _record(officer, council, person, ethnic_group="black", religion="prefer_not_to_say")
    assert record.ethnic_group == "black" and record.religion == "prefer_not_to_say" and record.sex == ""
    event = AuditEvent.objects.get(event_type="equality.recorded")
    assert event.data == {"created": True, "questions_changed": 2, "questions_answered": 2}
    assert "black" not in str(event.data)
    _record(officer, council, person, ethnic_group="white")
    assert EqualityRecord.objects.filter(person=person).count() == 1
    assert EqualityRecord.objects.get(person=person).ethnic_group == "white"


def test_only_customer_relations_and_the_dpo_record_answers(council, user_with_role):
    person = _people(council, 1)[0]
    for role in (Role.DECISION_MAKER, Role.REGISTER_MANAGER, Role.GOVERNANCE_MEMBER):
        with pytest.raises(PermissionDenied):
            _record(user_with_role(role), council, person, sex="female")
    _record(user_with_role(Role.DPO), council, person, sex="female")


def test_a_group_of_three_never_shows_its_count(council, officer, user_with_role):
    """Ten people answered: three Black, seven White. The three read "fewer than 5", and the seven is withheld too,
    since with the total of ten printed it would give the three away. Two of the Black group have an entry."""
    people = _people(council, 10)
    for i, person in enumerate(people):
        _record(officer, council, person, ethnic_group="black" if i < 3 else "white", sex="female")
    for person in people[:2]:
        b.live_marker(council, user_with_role, subject=person)
    figures = selectors.equality_figures(council=council, day=date.today())
    ethnic = next(t for t in figures.tables if t.name == "Ethnic group")
    rows = {row.label: row for row in ethnic.rows}
    black, white = rows["Black, Black British, Caribbean or African"], rows["White"]
    assert black.people == "fewer than 5" and black.entries == "fewer than 5" and black.entry_share == "–"
    assert white.people == "withheld" and white.entry_share == "–"
    assert figures.overall.people == "10" and figures.overall.entries == "fewer than 5"
    sex = {row.label: row for row in next(t for t in figures.tables if t.name == "Sex").rows}
    assert sex["Female"].people == "10" and sex["Female"].entries == "fewer than 5"
    printed = [value for table in figures.tables for row in table.rows
               for value in (row.people, row.entries, row.restrictions, row.entry_share, row.restriction_share)]
    assert "3" not in printed and "7" not in printed

    html = annual_report_html(annual_report(council=council, year=Year(date.today().year)))
    cells = [c.strip() for c in re.findall(r"<td[^>]*>([^<]*)</td>", html)]
    assert not [c for c in cells if THREE.search(c)] and "7" not in cells


def test_shares_are_compared_with_everyone_when_both_numbers_show(council, officer, user_with_role):
    people = _people(council, 20)
    for i, person in enumerate(people):
        _record(officer, council, person, disability="yes" if i < 10 else "no")
    for person in people[:5]:
        b.live_marker(council, user_with_role, subject=person)
    for person in people[10:15]:
        b.live_marker(council, user_with_role, subject=person)
    rows = {r.label: r for r in next(t for t in selectors.equality_figures(council=council, day=date.today()).tables
                                     if t.name == "Disability").rows}
    assert rows["Disabled"].entry_share == "50%" and rows["Disabled"].entry_compared == "the same"


def test_figures_page_for_the_dpo_and_governance_only(council, officer, client_for, user_with_role):
    for person in _people(council, 6):
        _record(officer, council, person, age_group="25_to_44")
    body = client_for(user_with_role(Role.DPO)).get(reverse("equality:figures")).content.decode()
    assert "Entries and restrictions by group" in body and "Age group" in body
    assert client_for(user_with_role(Role.GOVERNANCE_MEMBER)).get(reverse("equality:figures")).status_code == 200
    for role in (Role.DECISION_MAKER, Role.REGISTER_OFFICER, Role.STAFF):
        assert client_for(user_with_role(role)).get(reverse("equality:figures")).status_code == 403


def test_officer_finds_a_customer_and_records_answers_on_a_page_of_its_own(council, officer, client_for):
    person = _people(council, 1)[0]
    client = client_for(officer)
    found = client.post(reverse("equality:find_person"), {"name": person.family_name}, follow=True).content.decode()
    assert reverse("equality:record_edit", args=[person.pk]) in found
    url = reverse("equality:record_edit", args=[person.pk])
    page = client.get(url).content.decode()
    assert "Prefer not to say" in page and "Not asked, or not known" in page
    response = client.post(url, {"sex": "male", "religion": "prefer_not_to_say"})
    assert response.status_code == 302
    record = EqualityRecord.objects.get(person=person)
    assert record.sex == "male" and record.religion == "prefer_not_to_say" and record.age_group == ""
    assert AuditEvent.objects.filter(event_type="access.viewed", subject_id=person.pk).exists()


def test_another_councils_customer_is_not_found(council, officer, client_for, other_council):
    stranger = b.person(other_council, given="Sam", family="Stranger", dob=date(1980, 1, 1))
    assert client_for(officer).get(reverse("equality:record_edit", args=[stranger.pk])).status_code == 404


def test_decision_makers_never_reach_the_answers(council, client_for, user_with_role):
    person = _people(council, 1)[0]
    assert client_for(user_with_role(Role.DECISION_MAKER)).get(reverse("equality:record_edit", args=[person.pk])).status_code == 403
