"""Settings shared by every environment. Environment variables override; see .env.example."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SAFECONTACT_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Demo mode lets the printed demo sign-ins work without MFA. Production settings refuse it.
DEMO_MODE = env_bool("DEMO_MODE", False)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Safe Contact apps, in dependency order (later apps point at earlier ones, never back).
    "safecontact.core",
    "safecontact.accounts",
    "safecontact.access",
    "safecontact.audit",
    "safecontact.lists",
    "safecontact.notifications",
    "safecontact.people",
    "safecontact.incidents",
    "safecontact.policies",
    "safecontact.cases",
    "safecontact.register",
    "safecontact.checks",
    "safecontact.letters",
    "safecontact.appeals",
    "safecontact.reviews",
    "safecontact.governance",
    "safecontact.equality",  # R77: protected characteristics, apart from the case (nothing that decides imports it)
    "safecontact.retention",
    "safecontact.api",
    "safecontact.disclosures",  # the disclosure log (R92) and who could see an entry (R90): reads checks and register
    "safecontact.rectification",  # issue 17 (R79): requests to correct records; the "disputed" banner
    "safecontact.subject_access",
    "safecontact.shell",  # last: it assembles what every app contributes (home, navigation, demo, daily run)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "safecontact.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "safecontact.core.middleware.SessionMiddleware",  # Django's, less a second renewal after a form post
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "safecontact.access.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "safecontact.access.middleware.RequireMFAMiddleware",
    # AxesMiddleware last, as django-axes documents.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "safecontact" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "safecontact.shell.context_processors.service",
            ],
        },
    },
]

# --- Database: embedded SQLite unless DATABASE_URL names PostgreSQL -------------------------
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "safecontact.sqlite3"),
            # WAL lets the web server and the worker read while the other writes.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "safecontact.accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Everyone with a role needs MFA (access/middleware.py): an authenticator app, a security key or passkey
# (WebAuthn), with recovery codes to stand in for either. A key is a second factor after the password; passkey
# sign-in without a password is off so that sign-in stays one page that works without JavaScript (ADR 0003).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = False
# Plain http is allowed only on the loopback address of `make demo` and the browser tests (config/settings/test.py).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEMO_MODE
MFA_TOTP_ISSUER = "Safe Contact"
# Sign-in through a council's own OpenID Connect provider (accounts/social.py, ADR 0017). The providers are
# configured per council in the database (`manage.py configure_sign_in`), never here; nobody signs up through one:
# the first sign-in links to an invited or existing account of that council, or is refused.
SOCIALACCOUNT_ADAPTER = "safecontact.accounts.social.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SIGN_IN_PROVIDER_TIMEOUT_SECONDS", 10)

# django-axes: lock an account+address after repeated failures; a register manager can reset.
# One cache shared by every web worker and server (allauth's failed sign-in counts live here): a database table,
# created by migration core 0004; a deployment may point it at Redis or memcached instead (docs/scaling.md).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "safecontact_cache"}}
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "safecontact.accounts.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "errors/locked_out.html"
AXES_VERBOSE = False

# Sessions end after inactivity (every request renews the cookie).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However busy, a session ends this long after sign-in (access/middleware.py SessionLifetimeMiddleware).
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers ----------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page uses are switched off (core/middleware.py); WebAuthn stays on for MFA security keys.
PERMISSIONS_POLICY = ", ".join([
    "camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "serial=()", "bluetooth=()",
    "publickey-credentials-create=(self)", "publickey-credentials-get=(self)",
])
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files (GOV.UK Frontend build output is vendored in safecontact/static/vendor) -----
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "safecontact" / "static"]
STORAGES = {
    # Evidence files are encrypted on disk and decrypted only by the download views (ADR 0018).
    "default": {"BACKEND": "safecontact.core.encrypted_storage.EncryptedFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence lives outside the web root and is served only by access-checked views.
MEDIA_ROOT = Path(env_str("SAFECONTACT_PRIVATE_FILES", str(VAR_DIR / "private")))
# Keys for the evidence files, comma-separated, newest first: the first encrypts, any decrypts (rotation in
# docs/operations.md). The demo, tests and development use this fixed key; production settings refuse it.
EVIDENCE_ENCRYPTION_KEYS = env_list("EVIDENCE_ENCRYPTION_KEYS") or ["dev-only-evidence-key-for-the-demo-and-tests-never-production"]

# --- Checks ------------------------------------------------------------------------------
# Each worker keeps the live register's people in memory, trusted only while the database's register
# version token is unchanged (checks/register_version.py, ADR 0008). Off: every check queries the database.
SAFECONTACT_CHECK_INDEX = env_bool("SAFECONTACT_CHECK_INDEX", True)
# A worker that has built its indexes at start freezes what it holds out of the garbage collector's sight (gc.freeze):
# full collections then skip the indexes' objects. Off in tests, whose process lives on and builds many.
SAFECONTACT_GC_FREEZE_AFTER_WARM = env_bool("SAFECONTACT_GC_FREEZE_AFTER_WARM", True)
# The register's change log (checks.RegisterChange) lets workers patch their index; the daily run deletes rows
# older than this (each council's newest stays). A worker whose position was deleted rebuilds its index whole.
SAFECONTACT_REGISTER_CHANGES_KEEP_HOURS = env_int("SAFECONTACT_REGISTER_CHANGES_KEEP_HOURS", 24)

# --- Rate limits (core/ratelimit.py: counted in the database, so they hold across every worker) ---
# Checks per signed-in user or API client. Over either limit the check is refused (429) and the first
# refusal in each window is audited and shown to the council's register managers.
CHECK_RATE_PER_MINUTE = env_int("CHECK_RATE_PER_MINUTE", 60)
CHECK_RATE_PER_DAY = env_int("CHECK_RATE_PER_DAY", 600)
# The public appeal page: attempts per client address and per letter reference quoted.
APPEAL_RATE_PER_ADDRESS_PER_MINUTE = env_int("APPEAL_RATE_PER_ADDRESS_PER_MINUTE", 5)
APPEAL_RATE_PER_ADDRESS_PER_DAY = env_int("APPEAL_RATE_PER_ADDRESS_PER_DAY", 50)
APPEAL_RATE_PER_REFERENCE_PER_DAY = env_int("APPEAL_RATE_PER_REFERENCE_PER_DAY", 10)
# Behind a reverse proxy, name the header it writes the client's address into (e.g. "X-Forwarded-For") and
# how many proxies append to it; empty means requests arrive directly and REMOTE_ADDR is the client.
TRUSTED_PROXY_HEADER = env_str("TRUSTED_PROXY_HEADER", "")
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)

# --- Forms ---------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- Email (a link, never personal data, in any body) --------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Safe Contact <no-reply@safecontact.invalid>")
# Seconds to wait for the email server: a send must end well inside the outbox's 10-minute claim (core/outbox.py).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Background work -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "safecontact.api.exceptions.problem_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Safe Contact API",
    "DESCRIPTION": "Ask the single register instead of copying it: pre-contact checks, incident intake.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # No Swagger UI: people read the API at /api-docs/, a GOV.UK page built from this schema (api/docs.py).
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Safe Contact ----------------------------------------------------------------------------
SERVICE_NAME = env_str("SERVICE_NAME", "Safe Contact")
# A role assignment lasts this long unless renewed (domain R44).
ROLE_ASSIGNMENT_VALID_DAYS = env_int("ROLE_ASSIGNMENT_VALID_DAYS", 365)
# An invitation link (to set a password, then MFA) works once, and for this many days (accounts/invitations.py).
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7)
# The quarterly access check (R28 in issue 17; accounts/recertification.py): a line manager who has not confirmed
# their staff's roles is reminded by email after this many days, and the DPO and system administrators told after
# the second number.
RECERTIFICATION_REMINDER_DAYS = env_int("RECERTIFICATION_REMINDER_DAYS", 14)
RECERTIFICATION_ESCALATION_DAYS = env_int("RECERTIFICATION_ESCALATION_DAYS", 28)
# Ended register entries (R64, ADR 0019): the register's officers still see one this many days after it ended (the
# letter about the ending, clearing flags); afterwards only the register manager and the DPO do.
ENDED_ENTRY_VISIBLE_DAYS = env_int("ENDED_ENTRY_VISIBLE_DAYS", 30)
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Audit trail (audit/chain.py, audit/checkpoints.py) -----------------------------------------
# The chain is keyed (HMAC-SHA-256) with a key that never enters the database, so someone who can
# write to the database cannot recompute it. Without AUDIT_CHAIN_KEY it is derived from SECRET_KEY
# (fine for a demo; production requires its own, so that rotating SECRET_KEY keeps the chain valid).
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", "")
# Signed checkpoints of each chain's head, written outside the database (append-only files here, which
# an operator can ship to a log store): deleting recent events or restoring an old backup shows.
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
