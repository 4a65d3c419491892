import re

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from safecontact.access.policy import Role
from safecontact.accounts import selectors, services
from safecontact.audit.models import AuditEvent
from safecontact.core.tests.fixtures import sign_in_with_password

LOCKED_EMAIL = "locked.out@testshire.gov.uk"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """allauth counts failed sign-ins in the (process-wide) cache: start each test from none."""
    cache.clear()
    yield
    cache.clear()


def lock_out(email: str = LOCKED_EMAIL) -> Client:
    """Five wrong passwords: django-axes locks the account (and allauth counts the failures too)."""
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": email, "password": "wrong-password"})
    return client


def sign_in(client: Client, email: str = LOCKED_EMAIL) -> bool:
    return sign_in_with_password(client, email)


def test_system_administrator_unlocks_a_locked_account_after_confirming(council, user_with_role, client_for):
    locked = user_with_role(Role.STAFF, email=LOCKED_EMAIL, full_name="Lou Locked")
    person = lock_out()
    assert not sign_in(person)
    admin_user = user_with_role(Role.SYSADMIN)
    admin = client_for(admin_user)

    listing = admin.get(reverse("accounts:lockout_list")).content.decode()
    [lockout] = selectors.sign_in_lockouts_for(council=council)
    assert lockout.user == locked and lockout.attempts >= 5
    assert "Lou Locked" in listing and LOCKED_EMAIL in listing and reverse("accounts:lockout_release", args=[lockout.id]) in listing

    confirm = admin.get(reverse("accounts:lockout_release", args=[lockout.id]))
    assert confirm.status_code == 200 and "Unlock Lou Locked?" in confirm.content.decode()
    assert selectors.sign_in_lockouts_for(council=council)  # asking is not unlocking

    response = admin.post(reverse("accounts:lockout_release", args=[lockout.id]), follow=True)
    assert "Lou Locked can sign in again now." in response.content.decode()
    assert selectors.sign_in_lockouts_for(council=council) == []
    event = AuditEvent.objects.get(event_type="auth.lockout_released")
    assert event.actor_id == admin_user.pk and event.subject_id == str(locked.pk) and event.council_id == council.pk
    assert sign_in(person)


def test_only_the_system_administrator_may_unlock(council, user_with_role, client_for):
    user_with_role(Role.STAFF, email=LOCKED_EMAIL)
    lock_out()
    [lockout] = selectors.sign_in_lockouts_for(council=council)
    for role in (Role.REGISTER_MANAGER, Role.DPO, Role.STAFF):
        client = client_for(user_with_role(role))
        assert client.get(reverse("accounts:lockout_list")).status_code == 403
        assert client.post(reverse("accounts:lockout_release", args=[lockout.id])).status_code == 403
    assert selectors.sign_in_lockouts_for(council=council)


def test_another_councils_lockouts_are_not_shown_and_cannot_be_unlocked(council, other_council, user_with_role, client_for):
    user_with_role(Role.STAFF, email=LOCKED_EMAIL, for_council=other_council, organisation=other_council)
    lock_out()
    lock_out("nobody-has-this-address@example.com")
    assert selectors.sign_in_lockouts_for(council=council) == []
    [theirs] = selectors.sign_in_lockouts_for(council=other_council)
    admin = client_for(user_with_role(Role.SYSADMIN))
    assert admin.post(reverse("accounts:lockout_release", args=[theirs.id])).status_code == 404
    assert selectors.sign_in_lockouts_for(council=other_council)


def test_system_administrators_home_and_navigation_lead_to_locked_accounts(council, user_with_role, client_for):
    user_with_role(Role.STAFF, email=LOCKED_EMAIL)
    admin = client_for(user_with_role(Role.SYSADMIN))
    link = f'href="{reverse("accounts:lockout_list")}"'
    body = admin.get("/").content.decode()
    assert link not in body  # nothing locked yet: no home task, and the top navigation shows areas only
    # The Administration area (its top-level link opens its first page) lists "Locked accounts" in its sub-navigation.
    administration = re.search(r'href="([^"]+)"[^>]*>\s*Administration', body)
    assert administration, "the system administrator's navigation has an Administration area"
    sub_navigation = admin.get(administration.group(1)).content.decode().split('class="app-sub-navigation"')[1]
    assert link in sub_navigation.split("</nav>")[0] and "Locked accounts" in sub_navigation
    lock_out()
    body = admin.get("/").content.decode()
    assert "Accounts locked after failed sign-ins" in body and body.count(link) == 1


def test_service_refuses_a_role_without_the_action(council, user_with_role):
    user_with_role(Role.STAFF, email=LOCKED_EMAIL)
    lock_out()
    [lockout] = selectors.sign_in_lockouts_for(council=council)
    with pytest.raises(PermissionDenied):
        services.sign_in_lockout_release(actor=user_with_role(Role.REGISTER_MANAGER), council=council, lockout=lockout)
