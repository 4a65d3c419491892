"""Test settings: fast hashing, plain static storage (manifest storage 404s under live_server)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
DEMO_MODE = False
# The browser tests serve on http://localhost (live_server): WebAuthn's origin check would refuse plain http.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
# The general suite runs many checks in a minute; the rate-limit tests set their own limits.
CHECK_RATE_PER_MINUTE = CHECK_RATE_PER_DAY = 1_000_000
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="safecontact-test-private-"))
AUDIT_CHECKPOINT_DIR = Path(tempfile.mkdtemp(prefix="safecontact-test-audit-"))
# Tests keep the local-memory cache (emptied around each test by a fixture, which must not need the database);
# production's shared database cache is checked by core/tests/test_shared_cache.py.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SAFECONTACT_GC_FREEZE_AFTER_WARM = False  # warm() runs in the test process, which lives on
