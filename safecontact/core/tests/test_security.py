import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from safecontact.access.middleware import user_needs_mfa
from safecontact.access.policy import Role
from safecontact.audit.models import AuditEvent

ROOT = Path(__file__).resolve().parents[3]


def test_pages_carry_csp_without_unsafe_inline_and_security_headers(client, db):  # db: the sign-in page lists providers
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    # The inline scripts on the page carry the nonce the header names.
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


# check --deploy with the documented environment: tests/test_production.py.


def test_production_settings_refuse_demo_mode():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DEMO_MODE": "1",
           "SECRET_KEY": "y" * 60}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "DEMO_MODE" in result.stderr


def _production_check(**env_overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DEMO_MODE": "0",
           "SECRET_KEY": "production-secret-with-enough-entropy-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
           "ALLOWED_HOSTS": "safecontact.example.gov.uk", "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "AUDIT_CHAIN_KEY": "audit-chain-key-kept-outside-the-database-0123456789",
           "EVIDENCE_ENCRYPTION_KEYS": "evidence-key-kept-outside-the-database-0123456789",
           "SITE_URL": "https://safecontact.example.gov.uk", **env_overrides}
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("backend", ["console", "locmem", "dummy", "filebased"])
def test_production_settings_refuse_an_email_backend_that_does_not_send(backend):
    result = _production_check(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend")
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and "does not send email" in result.stderr


def test_production_settings_refuse_the_default_console_email_backend():
    env = {k: v for k, v in os.environ.items() if k != "EMAIL_BACKEND"}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", "DEMO_MODE": "0",
                "SECRET_KEY": "production-secret-with-enough-entropy-0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZ"})
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "does not send email" in result.stderr


@pytest.mark.parametrize("key", ["a" * 50, "ab" * 40, "0123456789" * 6, "short-but-varied-ABCDEFGHIJKLMNOP",
                                 "change-me-to-a-long-random-value-at-least-fifty-characters-long"])
def test_production_settings_refuse_a_weak_secret_key(key):
    result = _production_check(SECRET_KEY=key)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_settings_start_with_smtp_and_a_strong_secret_key():
    result = _production_check()
    assert result.returncode == 0, result.stderr


def test_health_and_readiness(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json()["database"] == "reachable"


def test_repeated_failed_sign_ins_lock_the_account(client, user_with_role):
    user_with_role(Role.STAFF, email="locked@example.gov.uk")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "locked@example.gov.uk", "password": "nope"})
    response = client.post(reverse("account_login"), {"login": "locked@example.gov.uk", "password": "correct-horse-battery"})
    # django-axes locks the account and address; allauth's own rate limit answers first afterwards.
    assert response.status_code != 302 and "_auth_user_id" not in client.session
    assert b"locked" in response.content or b"Too many failed" in response.content
    assert AuditEvent.objects.filter(event_type="auth.locked_out").exists()


def test_demo_mode_skips_mfa_only_for_demo_accounts(council, user_with_role, client_for):
    demo = user_with_role(Role.REGISTER_OFFICER, email="officer@demo.test", mfa=False)
    real = user_with_role(Role.REGISTER_OFFICER, email="officer@testshire.gov.uk", mfa=False)
    with override_settings(DEMO_MODE=True):
        assert client_for(demo).get("/").status_code == 200
        assert client_for(real).get("/")["Location"] == reverse("mfa_activate_totp")
    assert client_for(demo).get("/")["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("email, exempt", [
    ("officer@demo.test", True), ("officer@second.demo.test", True), ("Officer@DEMO.TEST", True),
    ("x@evildemo.test", False), ("x@demo.test.evil.example", False), ("x@notdemo.test", False),
    # Later invited at the demo domain (or created by seed_demo but not printed): not one of the printed sign-ins.
    ("someone.new@demo.test", False), ("register-manager@second.demo.test", False),
])
def test_demo_mfa_exemption_matches_the_whole_domain(user_with_role, email, exempt):
    user = user_with_role(Role.REGISTER_OFFICER, email=email, mfa=False)
    with override_settings(DEMO_MODE=True):
        assert user_needs_mfa(user) is not exempt
    assert user_needs_mfa(user)  # never outside demo mode


def test_demo_mode_does_not_exempt_a_lookalike_domain(user_with_role, client_for):
    lookalike = user_with_role(Role.REGISTER_OFFICER, email="x@evildemo.test", mfa=False)
    with override_settings(DEMO_MODE=True):
        assert client_for(lookalike).get("/")["Location"] == reverse("mfa_activate_totp")


def test_staff_member_without_an_authenticator_is_sent_to_set_one_up(user_with_role, client_for):
    staff = user_with_role(Role.STAFF, mfa=False)  # every role sees personal data, if only through checks
    assert client_for(staff).get("/")["Location"] == reverse("mfa_activate_totp")


def test_self_sign_up_is_not_offered(client, db):
    assert client.get("/accounts/signup/").status_code == 404


def test_not_found_page_is_styled_and_says_what_to_do(client, user_with_role, client_for):
    response = client_for(user_with_role(Role.STAFF)).get("/access/roles/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 403  # staff may not view role assignments at all
    officer = user_with_role(Role.REGISTER_MANAGER)
    response = client_for(officer).get("/access/roles/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404 and b"Page not found" in response.content


def test_api_errors_are_problem_json(client, user_with_role, client_for):
    response = client.get("/api/v1/whoami")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    response = client_for(user_with_role(Role.STAFF)).get("/api/schema/")
    assert response.status_code == 403 and response.json()["status"] == 403


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_home_page_says_what_they_can_do(role, user_with_role, client_for):
    client = client_for(user_with_role(role))
    response = client.get("/")
    assert response.status_code == 200
    assert b"Needs your attention" in response.content and b"What your roles allow" in response.content
    assert client.get("/your-roles/").status_code == 200


@pytest.mark.parametrize("keys", ["", "too-short-for-a-key", "change-me-to-a-random-value-of-at-least-32-characters",
                                  "evidence-key-kept-outside-the-database-0123456789,short",
                                  "dev-only-evidence-key-for-the-demo-and-tests-never-production"])
def test_production_settings_require_evidence_encryption_keys_of_their_own(keys):
    result = _production_check(EVIDENCE_ENCRYPTION_KEYS=keys)
    assert result.returncode != 0 and "Set EVIDENCE_ENCRYPTION_KEYS" in result.stderr and "token_urlsafe" in result.stderr
    assert keys.split(",")[-1] not in result.stderr or not keys  # the message never repeats a key


@pytest.mark.parametrize("key", ["", "too-short-for-an-hmac-key", "change-me-to-a-random-value-of-at-least-32-characters"])
def test_production_settings_require_an_audit_chain_key_of_their_own(key):
    result = _production_check(AUDIT_CHAIN_KEY=key)
    assert result.returncode != 0 and "AUDIT_CHAIN_KEY" in result.stderr
    assert _production_check().returncode == 0
