"""The API reference page: every operation of the schema, for the roles that may read the schema, without Swagger."""

from django.urls import reverse

from safecontact.access.policy import Role


def test_the_reference_lists_each_operation_with_its_fields_and_answers(user_with_role, client_for):
    page = client_for(user_with_role(Role.REGISTER_MANAGER)).get(reverse("api_docs:index")).content.decode()
    for operation in ("POST</span> <code>/api/v1/checks</code>", "GET</span> <code>/api/v1/checks/{id}</code>",
                      "POST</span> <code>/api/v1/incidents</code>", "GET</span> <code>/api/v1/whoami</code>"):
        assert operation in page
    assert "<code>date_of_birth</code>" in page and "Problem JSON: too many checks" in page
    assert "`" not in page and "swagger" not in page.lower()
    assert reverse("api:schema") in page


def test_a_member_of_staff_may_not_read_it(user_with_role, client_for):
    assert client_for(user_with_role(Role.STAFF)).get(reverse("api_docs:index")).status_code == 403
