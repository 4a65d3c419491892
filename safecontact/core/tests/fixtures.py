"""Fixtures every app's tests use. `user_with_role(role)` gives a user holding an approved role in
the default council, with a TOTP authenticator when the role needs MFA."""

import itertools
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db.models.signals import post_migrate
from django.test import Client

from safecontact.access.policy import Role
from safecontact.accounts.models import DataSharingAgreement, Organisation, User
from safecontact.accounts.services import role_assignment_bootstrap
from safecontact.core.tests.factories import OrganisationFactory, UserFactory

TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def give_mfa(user: User) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": TEST_TOTP_SECRET}})


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The code an authenticator app would show now (tests with a frozen clock get that moment's code)."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_password(client: Client, email: str, password: str = "correct-horse-battery") -> bool:
    """Signs in through the form as a person would: password, then (everyone has MFA) the authenticator code.
    True when the client is signed in."""
    from django.urls import reverse

    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if response.status_code == 302 and response["Location"].startswith(reverse("mfa_authenticate")):
        client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    return "_auth_user_id" in client.session


def partner_organisation_for(council: Organisation, role: Role) -> Organisation:
    """A partner body or contractor with a current data-sharing agreement with the council."""
    kind = Organisation.Kind.PARTNER if role == Role.PARTNER else Organisation.Kind.CONTRACTOR
    organisation = OrganisationFactory(name=f"{council.name} {kind.label}", slug=f"{council.slug}-{kind}", kind=kind)
    if not DataSharingAgreement.objects.filter(council=council, organisation=organisation).exists():
        DataSharingAgreement.objects.create(
            council=council, organisation=organisation, purpose="Visits", what_may_be_shared="Precautions",
            starts_on=date.today() - timedelta(days=1), ends_on=date.today() + timedelta(days=365),
            recorded_by=UserFactory(organisation=council),
        )
    return organisation


def reseed_managed_lists() -> None:
    """Transactional tests flush every table, including the rows data migrations seed (behaviour categories,
    precautions, restriction types, where flags are copied): a transactional test that needs them calls this first."""
    import importlib

    from django.apps import apps

    for module in ("safecontact.incidents.migrations.0002_default_behaviour_categories",
                   "safecontact.register.migrations.0002_default_precautions_and_restriction_types",
                   "safecontact.governance.migrations.0002_default_external_systems"):
        importlib.import_module(module).forwards(apps, None)


def _reseed_after_a_flush(sender, **kwargs) -> None:  # type: ignore[no-untyped-def]
    """A transactional test ends with a flush that empties every table, including the default lists data migrations
    seed; Django sends post_migrate after that flush. pytest-randomly shuffles modules, so a transactional test can run
    before ordinary ones: put the defaults back at once (post_migrate is sent once per app: act for one of them)."""
    if sender.label == "register":
        reseed_managed_lists()


post_migrate.connect(_reseed_after_a_flush, dispatch_uid="safecontact-tests-reseed-managed-lists")

_CHECKPOINT_ROOT = Path(tempfile.mkdtemp(prefix="safecontact-test-audit-checkpoints-"))
_checkpoint_dirs = itertools.count()


@pytest.fixture(autouse=True)
def _own_audit_checkpoints() -> Iterator[None]:
    """Audit checkpoints are files outside the database, which a test's rollback does not undo: each test
    writes to a folder of its own (created only if it writes one)."""
    from django.conf import settings

    before = settings.AUDIT_CHECKPOINT_DIR
    settings.AUDIT_CHECKPOINT_DIR = _CHECKPOINT_ROOT / str(next(_checkpoint_dirs))
    yield
    settings.AUDIT_CHECKPOINT_DIR = before


_PRIVATE_FILES_ROOT = Path(tempfile.mkdtemp(prefix="safecontact-test-private-files-"))
_private_files_dirs = itertools.count()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """allauth's sign-in rate limits count in the cache (the check and appeal limits are database rows, ADR 0011),
    which a test's rollback does not empty: without this, a test that fails sign-ins from 127.0.0.1 decides what a
    later test's sign-in meets, and the suite passes or fails with pytest-randomly's order."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _own_private_files() -> Iterator[None]:
    """Uploaded files likewise outlive a test's rollback, and the daily run sweeps files no row names (core/files.py):
    each test gets a media folder of its own, so no test sees another's files as orphans."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=_PRIVATE_FILES_ROOT / str(next(_private_files_dirs))):
        yield


@pytest.fixture
def council(db) -> Organisation:
    return OrganisationFactory(name="Testshire Borough Council", slug="testshire")


@pytest.fixture
def other_council(db) -> Organisation:
    return OrganisationFactory(name="Elsewhere District Council", slug="elsewhere")


@pytest.fixture
def user_with_role(db, council) -> Callable[..., User]:
    def make(role: Role, *, organisation: Organisation | None = None, for_council: Organisation | None = None,
             mfa: bool = True, **fields) -> User:
        target = for_council or council
        if organisation is None and role in (Role.PARTNER, Role.CONTRACTOR):
            organisation = partner_organisation_for(target, role)
        user = UserFactory(organisation=organisation or target, **fields)
        role_assignment_bootstrap(council=target, user=user, role=role, reason="test")
        if mfa:
            give_mfa(user)
        return user

    return make


@pytest.fixture
def client_for(db) -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return make
