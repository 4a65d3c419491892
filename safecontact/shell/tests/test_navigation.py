from django.test import RequestFactory

from safecontact.access.checks import can
from safecontact.access.policy import Action, Role
from safecontact.core.contributions import AREAS, navigation_entries
from safecontact.shell.navigation import current_area, navigation_for


def _areas(path, user, council):
    request = RequestFactory().get(path)
    request.user, request.council = user, council
    return navigation_for(request)


def test_only_the_most_specific_item_is_current(council, user_with_role):
    areas = _areas("/reviews/due/", user_with_role(Role.REGISTER_OFFICER), council)
    assert [a.label for a in areas if a.active] == ["Reviews and governance"]
    assert [link.label for a in areas for link in a.links if link.active] == ["Reviews due"]
    assert [link.label for link in current_area(areas).links][:2] == ["Your reviews", "Reviews due"]
    assert not any(a.active for a in _areas("/", user_with_role(Role.REGISTER_OFFICER), council))


def test_at_most_seven_areas_check_and_report_first_and_every_entry_has_a_permission(council, user_with_role):
    assert len(AREAS) <= 7
    assert [key for key, _ in AREAS][:2] == ["check", "report"]
    assert all(isinstance(entry.action, Action) for entry in navigation_entries())
    for role in Role:
        user = user_with_role(role)
        areas = _areas("/", user, council)
        assert len(areas) <= 7
        shown = {link.label for area in areas for link in area.links}
        allowed = {e.label for e in navigation_entries() if can(user, e.action, council)}
        assert shown == allowed, role
        if can(user, Action.CHECK_RUN, council):
            assert areas[0].label == "Check"


def test_every_entry_names_a_real_page():
    from django.urls import reverse

    for entry in navigation_entries():
        assert reverse(entry.url_name)
