import pytest

from safecontact.access.policy import Role
from safecontact.core.tests.fixtures import reseed_managed_lists
from safecontact.lists.registry import list_for


@pytest.fixture(autouse=True)
def _defaults(db):
    """The seeded defaults, even after a transactional test elsewhere has emptied the tables."""
    reseed_managed_lists()


@pytest.fixture
def manager(user_with_role):
    return user_with_role(Role.REGISTER_MANAGER)


@pytest.fixture
def other_manager(user_with_role, other_council):
    return user_with_role(Role.REGISTER_MANAGER, for_council=other_council, organisation=other_council)


@pytest.fixture
def precautions():
    return list_for("precautions")
