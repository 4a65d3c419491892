"""Fixtures for the register's rule tests (test_proposals, test_approval, test_refuse_and_end)."""

import pytest

from safecontact.access.policy import Role
from safecontact.register.tests import builders as b


@pytest.fixture
def officer(user_with_role):
    return user_with_role(Role.REGISTER_OFFICER)


@pytest.fixture
def approver(user_with_role):
    return user_with_role(Role.DECISION_MAKER)


@pytest.fixture
def staff(user_with_role):
    return user_with_role(Role.STAFF)


@pytest.fixture
def house(council):
    return b.address(council, line1="3 Kennel Row", postcode="GL52 2AB", uprn="100120001111")


@pytest.fixture
def subject(council, house):
    return b.person(council, at=house)


@pytest.fixture
def incident(council, staff, subject):
    return b.incident(council, staff, subject)
