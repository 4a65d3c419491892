"""Production: secure transport, secure cookies, and no demo shortcuts."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from config.env import env_bool, env_int, env_list, env_str
from config.settings.base import *  # noqa: F403
from config.settings.base import ALLOWED_HOSTS, DEMO_MODE, EMAIL_BACKEND, SECRET_KEY

# Backends that never deliver: with them a password-reset link lands in the server log or a file.
NON_DELIVERING_EMAIL_BACKENDS = frozenset({
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
})
# Django's own check (security.W009) asks for 5 distinct characters; a 50-character key of a few
# repeated characters passes that and is still guessable.
SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_DISTINCT = 50, 20

if DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE must not be set with production settings: demo users skip MFA.")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False  # security keys only over https
if (SECRET_KEY.startswith(("dev-only", "change-me")) or len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
        or len(set(SECRET_KEY)) < SECRET_KEY_MIN_DISTINCT):
    raise ImproperlyConfigured(
        f"Set SECRET_KEY to a long random value for production: at least {SECRET_KEY_MIN_LENGTH} characters, "
        f"{SECRET_KEY_MIN_DISTINCT} of them different (python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if EMAIL_BACKEND in NON_DELIVERING_EMAIL_BACKENDS:
    raise ImproperlyConfigured(
        f"EMAIL_BACKEND is {EMAIL_BACKEND}, which does not send email: password-reset links would be written to the "
        "server log. Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_HOST settings."
    )
if len(env_str("AUDIT_CHAIN_KEY")) < 32 or env_str("AUDIT_CHAIN_KEY").startswith("change-me"):
    # Derived from SECRET_KEY otherwise, and rotating SECRET_KEY would then break the audit chain (ADR 0009).
    raise ImproperlyConfigured(
        "Set AUDIT_CHAIN_KEY to a random value of at least 32 characters, kept outside the database and its backups "
        "(python -c 'import secrets; print(secrets.token_urlsafe(48))')."
    )
# Evidence files are encrypted with the first key (ADR 0018); without a key of its own, production would use the
# demo's published one. Checked here so that a missing key stops the service at start, not at the first upload.
EVIDENCE_ENCRYPTION_KEYS = env_list("EVIDENCE_ENCRYPTION_KEYS")
if not EVIDENCE_ENCRYPTION_KEYS or any(len(key) < 32 or key.startswith(("change-me", "dev-only")) for key in EVIDENCE_ENCRYPTION_KEYS):
    raise ImproperlyConfigured(
        "Set EVIDENCE_ENCRYPTION_KEYS to a random value of at least 32 characters (python3 -c 'import secrets; "
        "print(secrets.token_urlsafe(48))'), kept outside the database and the backups; while rotating, the new key "
        "first, then the old ones, comma-separated (docs/operations.md, Keys and their rotation)."
    )
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:
    # Sign-in emails (password reset) build their links from the request's Host header.
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the service's host name(s), comma-separated; '*' is refused.")
# Links in emails and letters (appeal page, the council's policy, staff notifications) start with SITE_URL:
# no default here, so that a letter never carries the development address.
SITE_URL = env_str("SITE_URL").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme != "https" or not _site.hostname or _site.query or _site.fragment or _site.username:
    raise ImproperlyConfigured(
        "Set SITE_URL to the service's public address, starting https:// (for example https://safecontact.example.gov.uk): "
        "links in emails and letters use it."
    )
if not validate_host(_site.hostname, ALLOWED_HOSTS):
    raise ImproperlyConfigured(f"SITE_URL's host {_site.hostname} is not in ALLOWED_HOSTS: links in emails and letters would be refused.")
if not env_str("DATABASE_URL"):
    # The embedded SQLite file is for the demo and small trials; say so rather than fail.
    pass

DEBUG = False
# While rotating SECRET_KEY (docs/operations.md): the previous key(s), so sessions and reset links survive until they expire.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", "")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
