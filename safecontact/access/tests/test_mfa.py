"""Issue 13: MFA for everyone who can see personal data, staff members included. An authenticator of their
own, or MFA asserted by the council's identity provider for the session; in demo mode, only the printed
demo sign-ins skip it."""

import pytest
from allauth.mfa.models import Authenticator
from django.test import override_settings
from django.urls import reverse

from safecontact.access.middleware import IDP_MFA_SESSION_KEY, is_demo_account, user_has_mfa
from safecontact.access.policy import Role
from safecontact.accounts.demo import printed_demo_emails

pytestmark = pytest.mark.django_db


def _is_problem_403(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 403 and response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("role", [Role.STAFF, Role.CONTRACTOR, Role.COUNCILLOR], ids=lambda r: r.value)
def test_a_checker_without_an_authenticator_is_sent_to_set_one_up(role, user_with_role, client_for):
    client = client_for(user_with_role(role, mfa=False))
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("checks:start"))["Location"] == reverse("mfa_activate_totp")
    assert _is_problem_403(client.get(reverse("api:whoami")))
    assert _is_problem_403(client.post(reverse("api:checks"), {}, content_type="application/json"))
    # Setting MFA up (TOTP or a security key) stays reachable.
    assert client.get(reverse("mfa_index")).status_code == 200


def test_a_staff_member_with_an_authenticator_goes_on(user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF))
    assert client.get("/").status_code == 200
    assert client.get(reverse("api:whoami")).status_code == 200


def test_a_security_key_is_enough(user_with_role, client_for):
    staff = user_with_role(Role.STAFF, mfa=False)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.WEBAUTHN, data={"name": "Key", "credential": {}})
    assert client_for(staff).get("/").status_code == 200


def test_recovery_codes_alone_are_not_a_factor(user_with_role, client_for):
    staff = user_with_role(Role.STAFF, mfa=False)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00" * 20})
    assert client_for(staff).get("/")["Location"] == reverse("mfa_activate_totp")


def test_a_session_with_mfa_asserted_by_the_councils_provider_is_let_through(user_with_role, client_for):
    staff = user_with_role(Role.REGISTER_OFFICER, mfa=False)
    client = client_for(staff)
    session = client.session
    session[IDP_MFA_SESSION_KEY] = True
    session.save()
    assert client.get("/").status_code == 200
    assert client.get(reverse("api:whoami")).status_code == 200
    assert user_has_mfa(staff, client.session) and not user_has_mfa(staff)
    # Only in that session: another sign-in by the same person without the assertion is asked again.
    assert client_for(staff).get("/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("value", [False, "true", 1, None])
def test_only_a_true_assertion_counts(value, user_with_role, client_for):
    client = client_for(user_with_role(Role.STAFF, mfa=False))
    session = client.session
    session[IDP_MFA_SESSION_KEY] = value
    session.save()
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")


def test_in_demo_mode_a_printed_demo_sign_in_skips_mfa(user_with_role, client_for):
    staff = user_with_role(Role.STAFF, email="staff@demo.test", mfa=False)
    with override_settings(DEMO_MODE=True):
        assert client_for(staff).get("/").status_code == 200
    assert client_for(staff).get("/")["Location"] == reverse("mfa_activate_totp")


def test_in_demo_mode_someone_new_at_the_demo_domain_does_not(user_with_role, client_for):
    invited_later = user_with_role(Role.STAFF, email="sam.new@demo.test", mfa=False)
    with override_settings(DEMO_MODE=True):
        assert client_for(invited_later).get("/")["Location"] == reverse("mfa_activate_totp")
        assert _is_problem_403(client_for(invited_later).get(reverse("api:whoami")))


def test_the_printed_sign_ins_are_what_seed_demo_prints(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_demo", stdout=out)
    printed = {line.split()[0] for line in out.getvalue().splitlines() if "@" in line and not line.startswith("Demo")}
    assert printed == set(printed_demo_emails())
    assert all(is_demo_account(email.upper()) for email in printed)
