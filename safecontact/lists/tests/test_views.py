"""The managed lists' pages: one page per list, forms that work without JavaScript, confirmations before retiring
or deleting, clear refusals."""

import pytest
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.lists import services
from safecontact.lists.registry import LISTS
from safecontact.lists.selectors import choices_for
from safecontact.register.models import Precaution
from safecontact.register.tests import builders as b


@pytest.fixture
def browser(client_for, manager):
    return client_for(manager)


def url(name, item=None):
    return reverse(f"lists:precautions_{name}", kwargs={"id": item.pk}) if item else reverse("lists:precautions")


def test_the_register_manager_finds_every_list_from_the_navigation(browser):
    # Home → the Administration area (top navigation) → Lists in its sub-navigation.
    import re

    home = browser.get(reverse("core:home")).content.decode()
    area = re.search(r'<a[^>]*href="([^"]+)"[^>]*>\s*Administration\s*</a>', home)
    assert area, "the register manager's navigation has an Administration area"
    assert f'href="{reverse("lists:index")}"' in browser.get(area.group(1)).content.decode()
    page = browser.get(reverse("lists:index")).content.decode()
    for spec in LISTS:
        assert spec.title in page and reverse(f"lists:{spec.url_name}") in page


@pytest.mark.parametrize("spec", LISTS, ids=lambda spec: spec.key)
def test_each_list_has_its_page_with_the_defaults_marked(browser, spec):
    page = browser.get(reverse(f"lists:{spec.url_name}")).content.decode()
    assert spec.title in page and "Default" in page and f"Add a {spec.item_name}" in page


def test_adding_from_the_page(browser, council):
    response = browser.post(url("list"), {"label": "Ring ahead"})
    assert response.status_code == 302 and response["Location"] == url("list")
    assert "Ring ahead" in browser.get(url("list")).content.decode()
    assert choices_for(model=Precaution, council=council).filter(label="Ring ahead").exists()


def test_adding_nothing_or_a_duplicate_says_what_to_do(browser):
    page = browser.post(url("list"), {"label": ""}).content.decode()
    assert "There is a problem" in page and "Enter the precaution" in page and "Error: Precautions" in page
    page = browser.post(url("list"), {"label": "Visit in pairs"}).content.decode()
    assert "Visit in pairs is already on the list." in page


def test_moving_is_a_button_that_posts(browser, council):
    first, second = list(choices_for(model=Precaution, council=council)[:2])
    assert browser.get(url("move", second)).status_code == 405
    response = browser.post(url("move", second), {"direction": "up"})
    assert response.status_code == 302
    assert list(choices_for(model=Precaution, council=council)[:2]) == [second, first]
    page = browser.post(url("move", second), {"direction": "up"}, follow=True).content.decode()
    assert "already at the top of the list" in page


def test_retiring_asks_first_and_restoring_brings_it_back(browser, council):
    pairs = Precaution.objects.get(council=None, label="Visit in pairs")
    page = browser.get(url("retire", pairs)).content.decode()
    assert "Retire Visit in pairs?" in page and "other councils still see it" in page
    page = browser.post(url("retire", pairs), follow=True).content.decode()
    assert "Visit in pairs retired" in page and "Retired: no longer offered" in page
    assert not choices_for(model=Precaution, council=council).filter(pk=pairs.pk).exists()
    browser.post(url("restore", pairs))
    assert choices_for(model=Precaution, council=council).filter(pk=pairs.pk).exists()


def test_renaming_the_councils_own_item_but_not_a_default(browser, council, manager, precautions):
    mine = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahaed"})
    response = browser.post(url("edit", mine), {"label": "Ring ahead"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.label == "Ring ahead"
    pairs = Precaution.objects.get(council=None, label="Visit in pairs")
    page = browser.get(url("edit", pairs)).content.decode()
    assert "cannot be renamed here" in page and "<form" not in page.split("govuk-main-wrapper")[-1]


def test_deleting_something_used_is_refused_with_the_reason(browser, council, user_with_role, manager, precautions):
    used = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    b.live_marker(council, user_with_role, precautions=[used])
    page = browser.get(url("delete", used)).content.decode()
    assert "Ring ahead cannot be deleted" in page and "has been used" in page
    page = browser.post(url("delete", used), follow=True).content.decode()
    assert "has been used" in page and Precaution.objects.filter(pk=used.pk).exists()


def test_deleting_an_unused_item_after_confirming(browser, council, manager, precautions):
    unused = services.list_item_add(actor=manager, council=council, spec=precautions, values={"label": "Ring ahead"})
    assert "Delete Ring ahead?" in browser.get(url("delete", unused)).content.decode()
    page = browser.post(url("delete", unused), follow=True).content.decode()
    assert "Ring ahead deleted" in page and not Precaution.objects.filter(pk=unused.pk).exists()


def test_an_empty_list_says_so(browser, council, manager, precautions):
    for item in list(choices_for(model=Precaution, council=council)):
        services.list_item_retire(actor=manager, council=council, spec=precautions, item=item)
    assert "Nothing is offered yet" in browser.get(url("list")).content.decode()


def test_another_councils_item_is_not_found(browser, other_council, other_manager, precautions):
    theirs = services.list_item_add(actor=other_manager, council=other_council, spec=precautions, values={"label": "Theirs"})
    for name in ("edit", "retire", "delete"):
        assert browser.get(url(name, theirs)).status_code == 404
    assert browser.post(url("restore", theirs)).status_code == 404


def test_register_officers_keep_where_flags_are_copied_but_not_the_other_lists(client_for, user_with_role):
    officer = client_for(user_with_role(Role.REGISTER_OFFICER))
    assert officer.get(url("list")).status_code == 403
    assert officer.get(reverse("lists:index")).status_code == 403
    page = officer.get(reverse("lists:external_systems")).content.decode()
    assert "Where flags are copied" in page and reverse("governance:meeting_list") in page
