from django.test import RequestFactory

from safecontact.access.policy import Role
from safecontact.core.navigation import navigation_for


def test_only_the_most_specific_item_is_current(council, user_with_role):
    request = RequestFactory().get("/reviews/due/")
    request.user, request.council = user_with_role(Role.REGISTER_OFFICER), council
    current = [item["label"] for item in navigation_for(request) if item["active"]]
    assert current == ["Reviews due"]
    request = RequestFactory().get("/")
    request.user, request.council = user_with_role(Role.REGISTER_OFFICER), council
    assert [item["label"] for item in navigation_for(request) if item["active"]] == ["Home"]
