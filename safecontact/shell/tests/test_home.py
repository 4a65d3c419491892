"""The home page as work (issue 14): the role's main action, "Needs your attention" with counts that open lists
filtered to exactly what they count, and the permissions on a page of their own."""

import re

from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.incidents.tests.factories import submitted_incident
from safecontact.people.models import Person


def _task_links(html: str) -> dict[str, tuple[str, int]]:
    found = re.findall(r'<a class="govuk-link" href="([^"]+)">([^<]+?)<span class="govuk-tag govuk-tag--orange">(\d+)</span></a>', html)
    return {title: (url.replace("&amp;", "&"), int(count)) for url, title, count in found}


def test_unlinked_incidents_count_opens_the_list_filtered_to_them(council, user_with_role, client_for):
    staff, officer = user_with_role(Role.STAFF), user_with_role(Role.REGISTER_OFFICER)
    submitted_incident(reporter=staff, council=council)
    submitted_incident(reporter=staff, council=council)
    linked = submitted_incident(reporter=staff, council=council)
    linked.person = Person.objects.create(council=council, given_names="Known", family_name="Person")
    linked.save()
    client = client_for(officer)
    links = _task_links(client.get("/").content.decode())
    url, count = links["Incidents not yet linked to a person"]
    assert url == reverse("incidents:incident_list") + "?linked=no" and count == 2
    listed = client.get(url)
    assert listed.status_code == 200
    assert len(listed.context["page"].object_list) == count
    assert len(client.get(reverse("incidents:incident_list")).context["page"].object_list) == 3  # the unfiltered list has them all


def test_every_count_on_a_home_page_links_to_a_page_that_opens(council, user_with_role, client_for):
    staff = user_with_role(Role.STAFF)
    submitted_incident(reporter=staff, council=council)
    for role in (Role.REGISTER_OFFICER, Role.REGISTER_MANAGER, Role.MANAGER, Role.DECISION_MAKER):
        client = client_for(user_with_role(role))
        for title, (url, _) in _task_links(client.get("/").content.decode()).items():
            assert client.get(url).status_code == 200, (role, title, url)


def test_home_shows_the_main_action_and_no_list_of_permissions(council, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    html = client.get("/").content.decode()
    assert "govuk-button--start" in html and "Check before contact" in html and "Report an incident" in html
    assert "What you can do here" not in html
    assert html.count('href="/your-roles/"') == 1
    roles_page = client.get("/your-roles/").content.decode()
    assert "What your roles allow" in roles_page and "Check a name or address before a call" in roles_page
