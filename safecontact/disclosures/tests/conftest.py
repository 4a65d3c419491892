from datetime import date

import pytest

from safecontact.register.tests import builders as b


@pytest.fixture
def flagged(council):
    home = b.address(council, line1="12 Mill Lane", postcode="GL50 1PQ", uprn="100120001234")
    return b.person(council, given="William", family="Harrington", dob=date(1971, 3, 14), at=home)


@pytest.fixture
def marker(council, user_with_role, flagged):
    return b.live_marker(council, user_with_role, subject=flagged)


QUERY = {"name": "William Harrington", "date_of_birth": date(1971, 3, 14)}
