"""The API reference as integrators meet it: a GOV.UK page read from the OpenAPI schema (it replaced Swagger UI,
which needed JavaScript and failed axe), with the raw schema one link away. It passes axe."""

from django.urls import reverse
from playwright.sync_api import expect

from safecontact.access.policy import Role


def test_the_api_reference_lists_every_operation_and_passes_axe(live_server, page, council, user_with_role, sign_in_as,
                                                                axe):
    sign_in_as(user_with_role(Role.REGISTER_MANAGER))
    page.goto(live_server.url + reverse("api_docs:index"))
    expect(page.get_by_role("heading", level=1)).to_have_text("API reference")
    expect(page.get_by_role("heading", name="POST /api/v1/checks", exact=True)).to_be_visible()
    expect(page.locator("table", has_text="date_of_birth").first).to_be_visible()
    assert page.locator("script[src*='swagger']").count() == 0
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the OpenAPI 3 description (YAML)").click()
    assert download.value.path().read_text().startswith("openapi: 3")
